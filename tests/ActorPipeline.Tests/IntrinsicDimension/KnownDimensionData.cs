using ActorPipeline.Tests.Similarity;
using MathNet.Numerics.LinearAlgebra;
using static TorchSharp.torch;

namespace ActorPipeline.Tests.IntrinsicDimension;

/// <summary>Seeded points of known intrinsic dimension d, isometrically embedded in a higher ambient dimension, and conversions to tensors.</summary>
internal static class KnownDimensionData
{
    /// <summary><paramref name="n"/> points in <paramref name="ambient"/> dimensions, shifted away from the origin (activations are not centred).</summary>
    public static double[][] Sample(Manifold family, int d, int n, int ambient, int seed)
    {
        var random = new Random(seed);
        var latent = family switch
        {
            Manifold.UniformLinear => Matrix<double>.Build.Dense(n, d, (_, _) => random.NextDouble()),
            Manifold.GaussianLinear => SimilarityData.Gaussian(random, n, d),
            Manifold.Sphere => OnSphere(random, n, d),
            Manifold.SwissRoll when d == 2 => SwissRoll(random, n),
            _ => throw new ArgumentException($"No {family} of dimension {d}."),
        };
        // orthonormal columns: distances are kept exactly (up to rounding)
        var embedding = SimilarityData.Gaussian(random, ambient, latent.ColumnCount).QR(MathNet.Numerics.LinearAlgebra.Factorization.QRMethod.Thin).Q;
        var points = latent * embedding.Transpose();
        var offset = Enumerable.Range(0, ambient).Select(_ => 3 * random.NextDouble()).ToArray();
        return Enumerable.Range(0, n).Select(i => points.Row(i).ToArray().Select((v, k) => v + offset[k]).ToArray()).ToArray();
    }

    public static Tensor ToTensor(double[][] points) =>
        tensor(points.SelectMany(p => p).ToArray(), [points.Length, points[0].Length], ScalarType.Float64);

    public static double[][] Rows(Tensor points)
    {
        using var flat = points.to(ScalarType.Float64).reshape(points.shape[0], -1).contiguous().cpu();
        var values = flat.data<double>().ToArray();
        int d = (int)flat.shape[1];
        return Enumerable.Range(0, (int)flat.shape[0]).Select(i => values.AsSpan(i * d, d).ToArray()).ToArray();
    }

    private static Matrix<double> OnSphere(Random random, int n, int d)
    {
        var gaussian = SimilarityData.Gaussian(random, n, d + 1);
        return gaussian.NormalizeRows(2);
    }

    private static Matrix<double> SwissRoll(Random random, int n)
    {
        var roll = Matrix<double>.Build.Dense(n, 3);
        for (int i = 0; i < n; i++)
        {
            double t = 1.5 * Math.PI * (1 + 2 * random.NextDouble()), height = 20 * random.NextDouble();
            roll[i, 0] = t * Math.Cos(t);
            roll[i, 1] = height;
            roll[i, 2] = t * Math.Sin(t);
        }
        return roll;
    }
}
