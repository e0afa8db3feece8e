using System.Diagnostics;
using MathNet.Numerics.LinearAlgebra;
using static TorchSharp.torch;

namespace ActorPipeline.Ml.Similarity;

/// <summary>
/// Times the engine's final c × c algebra (two symmetric eigendecompositions and one SVD of a c × c matrix, in
/// float64) with torch.linalg on the CPU and with MathNet's default (managed) provider: the measurement behind
/// the engine's choice of torch.linalg.
/// </summary>
public static class AlgebraBackendBenchmark
{
    public sealed record Timing(int Size, double TorchSeconds, double MathNetSeconds);

    public static Timing Measure(int size, int seed = 1)
    {
        var random = new Random(seed);
        var x = Matrix<double>.Build.Dense(size * 2, size, (_, _) => random.NextDouble() - 0.5);
        var symmetric = x.TransposeThisAndMultiply(x);
        var square = Matrix<double>.Build.Dense(size, size, (_, _) => random.NextDouble() - 0.5);

        Warm();
        var clock = Stopwatch.StartNew();
        using (var scope = NewDisposeScope())
        {
            var s = tensor(symmetric.ToRowMajorArray(), new long[] { size, size }, ScalarType.Float64);
            var q = tensor(square.ToRowMajorArray(), new long[] { size, size }, ScalarType.Float64);
            for (int i = 0; i < 2; i++) linalg.eigh(s);
            linalg.svd(q, fullMatrices: false).S.sum().item<double>();
        }
        double torchSeconds = clock.Elapsed.TotalSeconds;

        clock.Restart();
        for (int i = 0; i < 2; i++) symmetric.Evd(Symmetricity.Symmetric);
        square.Svd(computeVectors: true);
        return new Timing(size, torchSeconds, clock.Elapsed.TotalSeconds);
    }

    /// <summary>First calls load LAPACK and allocate workspaces in both libraries; they are not what is compared.</summary>
    private static void Warm()
    {
        using (var scope = NewDisposeScope())
        {
            var s = eye(8, dtype: ScalarType.Float64);
            linalg.eigh(s);
            linalg.svd(s, fullMatrices: false);
        }
        var m = Matrix<double>.Build.DenseIdentity(8);
        m.Evd(Symmetricity.Symmetric);
        m.Svd(computeVectors: true);
    }
}
