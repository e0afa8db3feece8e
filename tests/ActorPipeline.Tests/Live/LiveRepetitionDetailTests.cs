using ActorPipeline.Actors.Events;
using ActorPipeline.Actors.Problems;
using ActorPipeline.Host.Configuration;
using ActorPipeline.Host.Live;
using ActorPipeline.Host.Planning;
using ActorPipeline.Tests.Actors;

namespace ActorPipeline.Tests.Live;

public sealed class LiveRepetitionDetailTests
{
    private static readonly LiveSweepSource Source = new("/tmp/x",
        new SweepManifest("abc123", "quick", new SweepConfig(), TinySweeps.Plan("/tmp/x", repetitions: 2, iterations: 2, problems: "cifar2"), "/data/x.tar.gz", "0123456789abcdef0123456789abcdef"),
        "SQLite /tmp/x/journal.db");

    [Fact]
    public void A_repetition_lists_its_iterations_with_each_layers_values_undefined_ones_apart_and_the_intrinsic_dimension_where_measured()
    {
        var conv1 = new LayerMetrics("conv1", 0, new Dictionary<string, double> { ["svcca"] = 0.9, ["cka"] = 0.8 })
        {
            IntrinsicDimension = new IntrinsicDimensionEstimate(12.5, null, 1000, 16384, 0, 0),
            DenseIntrinsicDimension = new IntrinsicDimensionEstimate(11.0, null, 1000, 16384, 0, 0),
        };
        var fc1 = new LayerMetrics("fc1", 3, new Dictionary<string, double> { ["svcca"] = double.NaN, ["cka"] = 0.5 })
        {
            Undefined = new Dictionary<string, string> { ["svcca"] = "no varying neuron" },
        };
        var state = ProblemState.Fold("cifar2", [
            new DenseTrained("cifar2", "f", "r", 3, 0.8),
            new IterationTrained("cifar2", 1, 1, 0.2, 0.2, 0.19, 0.75, 2),
            new SimilarityMeasured("cifar2", 1, 1, [fc1, conv1]),
            new IterationTrained("cifar2", 1, 2, 0.36, 0.36, 0.35, 0.74, 2),
            new RepetitionAttemptFailed("cifar2", 1, 1, "device lost"),
        ]);
        var detail = LiveRepetitionDetail.Of(Source, [state], "CIFAR2", 1, "http://jaeger/search?tags={problem}-{repetition}-{sweep}")!;

        Assert.Equal(("cifar2", 1, 1, "device lost"), (detail.Problem, detail.Repetition, detail.Attempts, detail.LastError));
        Assert.Equal("http://jaeger/search?tags=cifar2-1-abc123", detail.TraceUrl);
        Assert.Equal([1, 2], detail.Iterations.Select(i => i.Iteration));
        var layers = detail.Iterations[0].Layers!;
        Assert.Equal(["conv1", "fc1"], layers.Select(l => l.Layer)); // network order
        Assert.Equal((12.5, 11.0), (layers[0].IntrinsicDimension, layers[0].DenseIntrinsicDimension));
        Assert.False(layers[1].Values.ContainsKey("svcca")); // undefined: apart, with its reason, never a NaN value
        Assert.Equal("no varying neuron", layers[1].Undefined["svcca"]);
        Assert.Null(layers[1].IntrinsicDimension);
        Assert.Null(detail.Iterations[1].Layers); // trained, not yet measured

        Assert.Null(LiveRepetitionDetail.Of(Source, [state], "cifar2", 2, null)); // beyond the plan
        Assert.Null(LiveRepetitionDetail.Of(Source, [state], "cifar9", 0, null));
    }
}
