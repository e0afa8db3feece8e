using ActorPipeline.Ml.Experiments;

namespace ActorPipeline.Tests.Actors;

internal static class MeasurementAssert
{
    /// <summary>Same layer, datapoints, warnings, every metric value bit for bit (exact double equality) and no undefined value.</summary>
    public static void Identical(LayerSimilarity expected, LayerSimilarity actual)
    {
        Assert.Equal(expected.Layer, actual.Layer);
        Assert.Equal(expected.LayerIndex, actual.LayerIndex);
        Assert.Equal(expected.Datapoints, actual.Datapoints);
        Assert.Equal(expected.Warnings, actual.Warnings);
        Assert.NotEmpty(expected.Values);
        Assert.Equal(expected.Values.OrderBy(v => v.Key), actual.Values.OrderBy(v => v.Key));
        Assert.Empty(expected.Undefined);
        Assert.Empty(actual.Undefined);
    }
}
