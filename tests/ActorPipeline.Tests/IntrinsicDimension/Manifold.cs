namespace ActorPipeline.Tests.IntrinsicDimension;

/// <summary>The shapes of known intrinsic dimension the TwoNN tests draw points from.</summary>
public enum Manifold
{
    /// <summary>Uniform in the unit d-cube, on a random d-dimensional linear subspace.</summary>
    UniformLinear,
    /// <summary>Standard normal in d dimensions, on a random linear subspace.</summary>
    GaussianLinear,
    /// <summary>Uniform on the unit d-sphere (curved) in d + 1 dimensions, then a random linear embedding.</summary>
    Sphere,
    /// <summary>The swiss roll, a curved 2-dimensional sheet in 3 dimensions (only d = 2), then a random linear embedding.</summary>
    SwissRoll,
}
