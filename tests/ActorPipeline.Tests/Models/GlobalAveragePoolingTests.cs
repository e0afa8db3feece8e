using ActorPipeline.Ml.Models;
using static TorchSharp.torch;

namespace ActorPipeline.Tests.Models;

public sealed class GlobalAveragePoolingTests
{
    private static readonly NetworkOptions Gap = new() { FcInput = FcInput.GlobalAveragePooling };

    public static TheoryData<string> Problems => new(PaperArchitectures.ProblemNames);

    private static long ParameterCount(PaperCnn model) => model.parameters().Sum(p => p.numel());

    [Theory]
    [MemberData(nameof(Problems))]
    public void Fc1_takes_one_feature_per_channel_of_the_last_conv_block_and_the_probe_points_stay(string problem)
    {
        var spec = PaperArchitectures.For(problem);
        int classes = int.Parse(problem["cifar".Length..]);
        var lastChannels = spec.Convolutional.OfType<ConvSpec>().Last().Channels;
        using var model = new PaperCnn(spec, classes, Gap);
        using var flattening = new PaperCnn(spec, classes);

        var fc1 = model.named_parameters().Single(p => p.name == "fc1.linear.weight").parameter;
        Assert.Equal(new long[] { spec.FullyConnected[0].Units, lastChannels }, fc1.shape);
        Assert.Equal(flattening.ProbePoints, model.ProbePoints);

        model.eval();
        using var input = randn(2, 3, 32, 32);
        var probed = new List<string>();
        using var output = model.Forward(input, (name, _) => probed.Add(name));
        Assert.Equal(new long[] { 2, classes }, output.shape);
        Assert.Equal(model.ProbePoints, probed);
    }

    [Fact]
    public void Cifar2_parameter_counts_match_a_hand_count()
    {
        // conv1: 3·16·3·3 + 16 = 448; its batch norm: 16 + 16 = 32; conv2: 16·16·3·3 + 16 = 2,320;
        // output: 256·2 + 2 = 514. fc1 with GAP: 16·256 + 256 = 4,352; flattened 16×16×16: 4,096·256 + 256 = 1,048,832.
        using var gap = new PaperCnn(PaperArchitectures.For("cifar2"), 2, Gap);
        using var flatten = new PaperCnn(PaperArchitectures.For("cifar2"), 2);
        Assert.Equal(448 + 32 + 2_320 + 4_352 + 514, ParameterCount(gap));
        Assert.Equal(448 + 32 + 2_320 + 1_048_832 + 514, ParameterCount(flatten));
    }

    [Fact]
    public void Fc1_sees_the_channel_means_of_the_last_feature_map()
    {
        // cifar2's fc1 is linear → ReLU (no batch norm), so its probe can be recomputed from pool1 in float64.
        using var model = new PaperCnn(PaperArchitectures.For("cifar2"), 2, Gap);
        using (var generator = new Generator(4)) model.Initialize(generator);
        model.eval();
        using var inputGenerator = new Generator(8);
        using var input = randn(3, 3, 32, 32, generator: inputGenerator);
        Tensor? pool1 = null, fc1 = null;
        using var output = model.Forward(input, (name, activation) =>
        {
            if (name == "pool1") pool1 = activation.detach().to(ScalarType.Float64).DetachFromDisposeScope();
            if (name == "fc1") fc1 = activation.detach().to(ScalarType.Float64).DetachFromDisposeScope();
        });
        using (pool1) using (fc1)
        {
            var parameters = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
            using var weight = parameters["fc1.linear.weight"].detach().to(ScalarType.Float64);
            using var bias = parameters["fc1.linear.bias"].detach().to(ScalarType.Float64);
            using var channelMeans = pool1!.mean([2L, 3L]);
            using var expected = channelMeans.matmul(weight.t()).add(bias).relu();
            Assert.Equal(expected.shape, fc1!.shape);
            Assert.True(expected.allclose(fc1, rtol: 1e-5, atol: 1e-6), $"largest difference {expected.sub(fc1).abs().max().item<double>()}");
        }
    }
}
