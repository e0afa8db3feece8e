namespace ActorPipeline.Ml.Experiments;

/// <summary>Which networks of a sweep get the TwoNN intrinsic dimension of every probed layer (beyond the paper: its §5.3 question).</summary>
public enum IntrinsicDimensionScope
{
    /// <summary>None: the paper's sweep.</summary>
    Off = 0,

    /// <summary>The dense network only (once per problem: every repetition starts from the same dense network and probe set).</summary>
    Dense = 1,

    /// <summary>The dense network and every pruned iteration of every repetition.</summary>
    All = 2,
}
