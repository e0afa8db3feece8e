namespace ActorPipeline.Ml.IntrinsicDimension;

/// <summary>
/// Per point, the Euclidean distance to its nearest (<see cref="First"/>, r1) and second nearest (<see cref="Second"/>,
/// r2) other point. Another point at the same place counts as a neighbour at distance 0.
/// </summary>
public sealed record NeighbourDistances(double[] First, double[] Second)
{
    public int Count => First.Length;
}
