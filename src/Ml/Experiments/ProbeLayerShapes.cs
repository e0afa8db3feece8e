using static TorchSharp.torch;

namespace ActorPipeline.Ml.Experiments;

/// <summary>
/// Features per input of every probed layer of a plan's network (c·h·w for a conv or pooling layer, units for an fc one):
/// the width of the points the intrinsic dimension is estimated on. Read from one forward pass of a blank image, so it
/// follows the architecture and the fc input wherever they change.
/// </summary>
public static class ProbeLayerShapes
{
    public static IReadOnlyList<(string Layer, long Features)> Of(ProblemPlan plan)
    {
        using var network = plan.NewNetwork();
        network.eval();
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var features = new List<(string, long)>();
        network.Forward(zeros(1, Data.LabeledImages.Channels, Data.LabeledImages.Height, Data.LabeledImages.Width), (layer, activation) => features.Add((layer, activation.numel())));
        return features;
    }
}
