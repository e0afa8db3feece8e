namespace ActorPipeline.Ml.Models;

/// <summary>What a parameter is, so pruning can group them (conv group, fc group, output, batch norm).</summary>
public enum ParameterRole
{
    ConvWeight,
    ConvBias,
    FcWeight,
    FcBias,
    OutputWeight,
    OutputBias,
    BatchNormWeight,
    BatchNormBias,
}
