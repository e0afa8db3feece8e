using static TorchSharp.torch;

namespace ActorPipeline.Ml.Similarity;

/// <summary>
/// A layer covariance's eigendecomposition, eigenvalues descending and clamped at zero; those at most
/// tolerance × the largest do not count towards <see cref="Rank"/>. Tensors belong to the caller's dispose scope.
/// </summary>
internal sealed class Spectrum
{
    private readonly Tensor _values;
    private readonly Tensor _vectors;

    private Spectrum(Tensor values, Tensor vectors, double[] eigenvalues, int rank)
    {
        _values = values;
        _vectors = vectors;
        Eigenvalues = eigenvalues;
        Rank = rank;
    }

    public double[] Eigenvalues { get; }
    public int Rank { get; }

    public static Spectrum Of(Tensor covariance, double tolerance)
    {
        // symmetrize: accumulated rounding leaves the two triangles a few ulps apart
        var symmetric = covariance.add(covariance.t()).mul_(0.5);
        var (values, vectors) = linalg.eigh(symmetric);
        values = values.flip(0).clamp_min_(0.0);
        vectors = vectors.flip(1);
        var eigenvalues = values.data<double>().ToArray();
        double largest = eigenvalues.Length > 0 ? eigenvalues[0] : 0;
        int rank = eigenvalues.Count(v => v > 0 && v > tolerance * largest);
        return new Spectrum(values, vectors, eigenvalues, rank);
    }

    /// <summary>V_k Λ_k^−½: maps the leading k principal directions to unit variance. k ≤ <see cref="Rank"/>.</summary>
    public Tensor Whitening(int k) => _vectors.narrow(1, 0, k).mul(_values.narrow(0, 0, k).rsqrt());

    /// <summary>V_k Λ_k^½ = Σ W_k: the covariance of the neurons with the whitened leading k directions.</summary>
    public Tensor Colouring(int k) => _vectors.narrow(1, 0, k).mul(_values.narrow(0, 0, k).sqrt());
}
