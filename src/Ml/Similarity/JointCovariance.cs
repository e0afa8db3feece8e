namespace ActorPipeline.Ml.Similarity;

/// <summary>
/// The sufficient statistics of two layers over the same datapoints, in float64 on the CPU: the count, the
/// neuron means and the sample covariances (divided by Count − 1). Every similarity metric is a function of these.
/// </summary>
public sealed record JointCovariance(long Count, double[] MeanA, double[] MeanB, double[,] CovAA, double[,] CovBB, double[,] CovAB)
{
    public int FeaturesA => MeanA.Length;
    public int FeaturesB => MeanB.Length;
}
