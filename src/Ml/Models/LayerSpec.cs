namespace ActorPipeline.Ml.Models;

/// <summary>One entry of the paper's Table 2 notation.</summary>
public abstract record LayerSpec;

/// <summary>`64*`: a 3×3 convolution (padding 1) with that many output channels, batch norm when starred, then ReLU.</summary>
public sealed record ConvSpec(int Channels, bool BatchNorm) : LayerSpec
{
    public override string ToString() => BatchNorm ? $"{Channels}*" : $"{Channels}";
}

/// <summary>`MP`: 2×2 max-pooling with stride 2.</summary>
public sealed record MaxPoolSpec : LayerSpec
{
    public override string ToString() => "MP";
}

/// <summary>`1024§*`: a hidden fully-connected layer, ReLU, batch norm when starred, dropout when marked §.</summary>
public sealed record FcSpec(int Units, bool Dropout, bool BatchNorm) : LayerSpec
{
    public override string ToString() => $"{Units}{(Dropout ? "§" : "")}{(BatchNorm ? "*" : "")}";
}
