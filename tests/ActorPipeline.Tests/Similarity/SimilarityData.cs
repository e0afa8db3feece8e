using ActorPipeline.Ml.Similarity;
using MathNet.Numerics.LinearAlgebra;
using static TorchSharp.torch;

namespace ActorPipeline.Tests.Similarity;

/// <summary>Seeded synthetic activations of two related layers, and conversions between MathNet matrices and tensors.</summary>
internal static class SimilarityData
{
    /// <summary>Two layers sharing a latent of <paramref name="shared"/> dims through random mixings, plus noise and a mean offset.</summary>
    public static (Matrix<double> A, Matrix<double> B) Related(int seed, int n, int p, int q, int shared = 6, double noise = 0.7)
    {
        var random = new Random(seed);
        var latent = Gaussian(random, n, shared);
        var a = latent * Gaussian(random, shared, p) + Gaussian(random, n, p) * noise * Decaying(p);
        var b = latent * Gaussian(random, shared, q) + Gaussian(random, n, q) * noise * Decaying(q);
        return (a + 3.0, b - 1.5);
    }

    private static Matrix<double> Decaying(int p) => Matrix<double>.Build.DiagonalOfDiagonalVector(Vector<double>.Build.Dense(p, i => 1.0 / (1 + i)));

    public static Matrix<double> Gaussian(Random random, int rows, int columns) =>
        Matrix<double>.Build.Dense(rows, columns, (_, _) => Normal(random));

    public static double Normal(Random random)
    {
        double u1 = 1 - random.NextDouble(), u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    public static Matrix<double> RandomOrthogonal(Random random, int p) => Gaussian(random, p, p).QR().Q;

    public static Tensor ToTensor(Matrix<double> m) => tensor(m.ToRowMajorArray(), new long[] { m.RowCount, m.ColumnCount }, ScalarType.Float64);

    public static JointCovariance Covariance(Matrix<double> a, Matrix<double> b, int batches = 1)
    {
        using var accumulator = new CovarianceAccumulator(a.ColumnCount, b.ColumnCount, CPU);
        using var scope = NewDisposeScope();
        var ta = ToTensor(a);
        var tb = ToTensor(b);
        long step = (a.RowCount + batches - 1) / batches;
        for (long start = 0; start < a.RowCount; start += step)
        {
            long length = Math.Min(step, a.RowCount - start);
            accumulator.Add(ta.narrow(0, start, length), tb.narrow(0, start, length));
        }
        return accumulator.ToCovariance();
    }

    public static SimilarityResult Engine(Matrix<double> a, Matrix<double> b, SimilarityOptions? options = null) =>
        SimilarityEngine.Compute(Covariance(a, b), options ?? new SimilarityOptions());
}
