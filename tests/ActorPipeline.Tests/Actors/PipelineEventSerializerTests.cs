using ActorPipeline.Actors.Events;
using Akka.Configuration;
using Akka.Serialization;
using Akka.TestKit.Xunit2;

namespace ActorPipeline.Tests.Actors;

public sealed class PipelineEventSerializerTests() : TestKit(ConfigurationFactory.ParseString(PipelineEventSerializer.Hocon))
{
    public static TheoryData<IPipelineEvent, string> Events() => new()
    {
        { new SweepStarted("abc123", ["cifar2", "cifar4"]), "sweep-started.v1" },
        { new ProblemCompleted("cifar2", 19, 1, null), "problem-completed.v1" },
        { new DenseTrained("cifar2", "cifar2/dense/final.pt", "cifar2/dense/rewind-epoch003.pt", 50, 0.9125), "dense-trained.v3" },
        { new DenseTrained("cifar4", "cifar4/dense/final.pt", "cifar4/dense/rewind-epoch003.pt", 50, 0.8)
        {
            SeedBaselines = [new SeedBaselineMeasured(1, 123456789, 50, 0.79, [new LayerMetrics("conv1", 0, new Dictionary<string, double> { ["cka"] = 0.93 })])],
        }, "dense-trained.v3" },
        { new IterationTrained("cifar2", 3, 7, 0.52, 0.79, 0.78, 0.905, 50), "iteration-trained.v2" },
        { new SimilarityMeasured("cifar2", 3, 7, [new LayerMetrics("conv1", 0, new Dictionary<string, double> { ["svcca"] = 0.97, ["cka"] = double.NaN })]), "similarity-measured.v4" },
        { new SimilarityMeasured("cifar10", 1, 19, [
            new LayerMetrics("conv6", 5, new Dictionary<string, double> { ["svcca"] = 0.41 }),
            new LayerMetrics("conv7", 6, new Dictionary<string, double>()) { Undefined = new Dictionary<string, string> { ["svcca"] = "layer B has no varying neuron (all 512 constant) over the 1600 datapoints" } },
        ]), "similarity-measured.v4" },
        { new SimilarityMeasured("cifar4", 0, 1, [
            new LayerMetrics("conv1", 0, new Dictionary<string, double> { ["svcca"] = 0.8 })
            {
                IntrinsicDimension = new IntrinsicDimensionEstimate(21.5, null, 400, 16_384, 1, 0),
                DenseIntrinsicDimension = new IntrinsicDimensionEstimate(null, "every point is a duplicate", 400, 16_384, 400, 0),
            },
        ]), "similarity-measured.v4" },
        { new IterationTrained("cifar2", 3, 8, 0.6, 0.8, 0.79, 0.9, 50) { Provenance = Provenance }, "iteration-trained.v2" },
        { new SimilarityMeasured("cifar2", 3, 8, [new LayerMetrics("conv1", 0, new Dictionary<string, double> { ["svcca"] = 0.9 })]) { Provenance = Provenance }, "similarity-measured.v4" },
        { new DenseTrained("cifar2", "cifar2/dense/final.pt", "cifar2/dense/rewind-epoch003.pt", 50, 0.9) { Provenance = Provenance with { Device = "cuda:1", DeviceName = "NVIDIA H100 80GB HBM3" } }, "dense-trained.v3" },
        { new RepetitionAttemptFailed("cifar2", 3, 2, "CUDA error"), "repetition-attempt-failed.v1" },
        { new RepetitionCompleted("cifar2", 3), "repetition-completed.v1" },
        { new RepetitionFailed("cifar2", 5, 4, "out of memory"), "repetition-failed.v1" },
        { new DenseAttemptFailed("cifar2", 1, "CUDA error"), "dense-attempt-failed.v1" },
        { new DenseFailed("cifar2", 4, "out of memory"), "dense-failed.v1" },
    };

    [Theory]
    [MemberData(nameof(Events))]
    public void Every_event_round_trips_under_its_fixed_manifest(IPipelineEvent original, string manifest)
    {
        var serializer = Sys.Serialization.FindSerializerFor(original);
        Assert.IsType<PipelineEventSerializer>(serializer);
        Assert.Equal(manifest, Akka.Serialization.Serialization.ManifestFor(serializer, original));
        var bytes = serializer.ToBinary(original);
        Assert.DoesNotContain("ActorPipeline", System.Text.Encoding.UTF8.GetString(bytes)); // no type names in payloads
        var back = Sys.Serialization.Deserialize(bytes, serializer.Identifier, manifest);
        var options = new System.Text.Json.JsonSerializerOptions { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };
        Assert.Equal(original.GetType(), back.GetType());
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(original, original.GetType(), options), System.Text.Json.JsonSerializer.Serialize(back, back.GetType(), options));
    }

    [Fact]
    public void Every_event_type_has_a_manifest()
    {
        var eventTypes = typeof(IPipelineEvent).Assembly.GetTypes().Where(t => typeof(IPipelineEvent).IsAssignableFrom(t) && !t.IsInterface).ToList();
        Assert.Equal(eventTypes.Count, PipelineEventSerializer.WrittenManifests.Count);
        Assert.Subset(PipelineEventSerializer.KnownManifests.ToHashSet(), PipelineEventSerializer.WrittenManifests.ToHashSet());
    }

    [Fact]
    public void A_similarity_measured_v1_payload_from_an_existing_journal_still_reads_with_no_undefined_value()
    {
        // byte for byte what the previous version wrote (its serializer options: camelCase, named float literals)
        var v1 = """{"problem":"cifar2","repetition":3,"iteration":7,"layers":[{"layer":"conv1","layerIndex":0,"values":{"svcca":0.97,"cka":"NaN"}},{"layer":"fc1","layerIndex":1,"values":{"svcca":0.5}}]}"""u8.ToArray();
        var serializer = new PipelineEventSerializer((Akka.Actor.ExtendedActorSystem)Sys);

        var read = Assert.IsType<SimilarityMeasured>(serializer.FromBinary(v1, "similarity-measured.v1"));

        Assert.Equal(("cifar2", 3, 7), (read.Problem, read.Repetition, read.Iteration));
        Assert.Equal(["conv1", "fc1"], read.Layers.Select(l => l.Layer));
        Assert.Equal(0.97, read.Layers[0].Values["svcca"]);
        Assert.True(double.IsNaN(read.Layers[0].Values["cka"]));
        Assert.All(read.Layers, l => Assert.False(l.IsDegenerate));
        Assert.All(read.Layers, l => Assert.Empty(l.Undefined));
    }

    [Fact]
    public void A_similarity_measured_v2_payload_from_an_existing_journal_still_reads_with_no_intrinsic_dimension()
    {
        // byte for byte what the previous version (v2) wrote
        var v2 = """{"problem":"cifar2","repetition":0,"iteration":1,"layers":[{"layer":"conv1","layerIndex":0,"values":{"svcca":0.97},"undefined":{},"isDegenerate":false},{"layer":"fc1","layerIndex":1,"values":{},"undefined":{"svcca":"collapsed"},"isDegenerate":true}]}"""u8.ToArray();
        var serializer = new PipelineEventSerializer((Akka.Actor.ExtendedActorSystem)Sys);

        var read = Assert.IsType<SimilarityMeasured>(serializer.FromBinary(v2, "similarity-measured.v2"));

        Assert.Equal(["conv1", "fc1"], read.Layers.Select(l => l.Layer));
        Assert.Equal("collapsed", read.Layers[1].Undefined["svcca"]);
        Assert.All(read.Layers, l => Assert.Null(l.IntrinsicDimension));
        Assert.All(read.Layers, l => Assert.Null(l.DenseIntrinsicDimension));
    }

    [Fact]
    public void A_dense_trained_v1_payload_still_reads_with_no_seed_baseline()
    {
        // byte for byte what the previous version (v1) wrote
        var v1 = """{"problem":"cifar2","finalWeights":"cifar2/dense/final.pt","rewindWeights":"cifar2/dense/rewind-epoch003.pt","epochs":50,"testAccuracy":0.9125}"""u8.ToArray();
        var serializer = new PipelineEventSerializer((Akka.Actor.ExtendedActorSystem)Sys);

        var read = Assert.IsType<DenseTrained>(serializer.FromBinary(v1, "dense-trained.v1"));

        Assert.Equal(("cifar2", 50, 0.9125), (read.Problem, read.Epochs, read.TestAccuracy));
        Assert.Empty(read.SeedBaselines);
    }

    private static readonly RecordedProvenance Provenance = new("127.0.0.1:4071", "cpu", "AMD EPYC 7B13", "2.10.0", "0.107.0", 2, false, "c58f30108f718f92721af3b95e74349a");

    [Fact]
    public void A_steps_provenance_survives_the_journal()
    {
        var written = new IterationTrained("cifar4", 1, 2, 0.19, 0.36, 0.2, 0.7, 3) { Provenance = Provenance };
        var serializer = new PipelineEventSerializer((Akka.Actor.ExtendedActorSystem)Sys);

        var read = (IterationTrained)serializer.FromBinary(serializer.ToBinary(written), serializer.Manifest(written));

        Assert.Equal(written, read);
        Assert.Equal(Provenance, read.Provenance);
    }

    [Fact]
    public void Payloads_written_before_provenance_still_read_with_none()
    {
        // byte for byte what the previous versions wrote (iteration-trained.v1, dense-trained.v2, similarity-measured.v3)
        var trained = """{"problem":"cifar2","repetition":3,"iteration":7,"convSparsity":0.52,"fcSparsity":0.79,"overallSparsity":0.78,"testAccuracy":0.905,"epochs":50}"""u8.ToArray();
        var dense = """{"problem":"cifar2","finalWeights":"cifar2/dense/final.pt","rewindWeights":"cifar2/dense/rewind-epoch003.pt","epochs":50,"testAccuracy":0.9125,"seedBaselines":[]}"""u8.ToArray();
        var measured = """{"problem":"cifar2","repetition":0,"iteration":1,"layers":[{"layer":"conv1","layerIndex":0,"values":{"svcca":0.97},"undefined":{},"intrinsicDimension":null,"denseIntrinsicDimension":null,"isDegenerate":false}]}"""u8.ToArray();
        var serializer = new PipelineEventSerializer((Akka.Actor.ExtendedActorSystem)Sys);

        var readTrained = Assert.IsType<IterationTrained>(serializer.FromBinary(trained, "iteration-trained.v1"));
        var readDense = Assert.IsType<DenseTrained>(serializer.FromBinary(dense, "dense-trained.v2"));
        var readMeasured = Assert.IsType<SimilarityMeasured>(serializer.FromBinary(measured, "similarity-measured.v3"));

        Assert.Equal(new IterationTrained("cifar2", 3, 7, 0.52, 0.79, 0.78, 0.905, 50), readTrained);
        Assert.Null(readTrained.Provenance);
        Assert.Equal((0.9125, 50), (readDense.TestAccuracy, readDense.Epochs));
        Assert.Null(readDense.Provenance);
        Assert.Equal(0.97, Assert.Single(readMeasured.Layers).Values["svcca"]);
        Assert.Null(readMeasured.Provenance);
    }

    [Fact]
    public void An_intrinsic_dimension_survives_the_journal()
    {
        var written = new SimilarityMeasured("cifar2", 0, 1, [new LayerMetrics("conv1", 0, new Dictionary<string, double> { ["cka"] = 0.5 })
        {
            IntrinsicDimension = new IntrinsicDimensionEstimate(12.75, null, 350, 16_384, 2, 1),
            DenseIntrinsicDimension = new IntrinsicDimensionEstimate(null, "no ratio left to fit", 350, 16_384, 350, 0),
        }]);
        var serializer = new PipelineEventSerializer((Akka.Actor.ExtendedActorSystem)Sys);

        var read = (SimilarityMeasured)serializer.FromBinary(serializer.ToBinary(written), serializer.Manifest(written));

        Assert.Equal("similarity-measured.v4", serializer.Manifest(written));
        Assert.Equal(written.Layers[0].IntrinsicDimension, read.Layers[0].IntrinsicDimension);
        Assert.Equal(written.Layers[0].DenseIntrinsicDimension, read.Layers[0].DenseIntrinsicDimension);
    }

    [Fact]
    public void An_undefined_value_and_its_reason_survive_the_journal()
    {
        var written = new SimilarityMeasured("cifar10", 0, 20, [new LayerMetrics("conv8", 7, new Dictionary<string, double>())
        {
            Undefined = new Dictionary<string, string> { ["svcca"] = "layer B has no varying neuron (all 512 constant) over the 1600 datapoints", ["cka"] = "the reason" },
        }]);
        var serializer = new PipelineEventSerializer((Akka.Actor.ExtendedActorSystem)Sys);

        var read = (SimilarityMeasured)serializer.FromBinary(serializer.ToBinary(written), serializer.Manifest(written));

        var layer = Assert.Single(read.Layers);
        Assert.True(layer.IsDegenerate);
        Assert.Equal(written.Layers[0].Undefined.OrderBy(u => u.Key), layer.Undefined.OrderBy(u => u.Key));
    }

    [Fact]
    public void An_unknown_manifest_is_a_clear_error()
    {
        var serializer = new PipelineEventSerializer((Akka.Actor.ExtendedActorSystem)Sys);
        var error = Assert.Throws<JournalFormatException>(() => serializer.FromBinary("{}"u8.ToArray(), "iteration-trained.v9"));
        Assert.Contains("iteration-trained.v9", error.Message);
    }
}
