using ActorPipeline.Ml.Models;
using ActorPipeline.Tests.Support;
using static TorchSharp.torch;

namespace ActorPipeline.Tests.Models;

public sealed class PaperCnnTests
{
    [Theory]
    [InlineData("cifar2", 2, "conv1:16x32x32 conv2:16x32x32 pool1:16x16x16 fc1:256")]
    [InlineData("cifar4", 4, "conv1:16x32x32 conv2:16x32x32 pool1:16x16x16 conv3:32x16x16 conv4:32x16x16 pool2:32x8x8 fc1:256")]
    [InlineData("cifar8", 8, "conv1:64x32x32 conv2:64x32x32 pool1:64x16x16 conv3:128x16x16 conv4:128x16x16 pool2:128x8x8 conv5:256x8x8 conv6:256x8x8 pool3:256x4x4 conv7:512x4x4 conv8:512x4x4 pool4:512x2x2 fc1:1024")]
    public void Every_probe_point_is_reachable_with_its_shape(string problem, int classes, string expected)
    {
        using var model = new PaperCnn(PaperArchitectures.For(problem), classes);
        model.eval();
        var seen = new List<string>();
        using var input = randn(2, 3, 32, 32);
        using var output = model.Forward(input, (name, activation) =>
        {
            Assert.Equal(2, activation.shape[0]);
            seen.Add($"{name}:{string.Join("x", activation.shape.Skip(1))}");
        });
        Assert.Equal(expected, string.Join(" ", seen));
        Assert.Equal(model.ProbePoints, seen.Select(s => s.Split(':')[0]));
        Assert.Equal(new long[] { 2, classes }, output.shape);
    }

    [Fact]
    public void Probed_activations_are_non_negative_after_relu()
    {
        using var model = new PaperCnn(PaperArchitectures.For("cifar2"), 2);
        model.eval();
        using var input = randn(4, 3, 32, 32);
        using var _ = model.Forward(input, (name, activation) => Assert.True(activation.min().item<float>() >= 0, name));
    }

    [Fact]
    public void Parameters_have_roles_for_pruning()
    {
        using var model = new PaperCnn(PaperArchitectures.For("cifar8"), 8);
        var roles = model.NamedParametersWithRoles().ToDictionary(p => p.Name, p => p.Role);
        Assert.Equal(ParameterRole.ConvWeight, roles["conv1.conv.weight"]);
        Assert.Equal(ParameterRole.ConvBias, roles["conv8.conv.bias"]);
        Assert.Equal(ParameterRole.BatchNormWeight, roles["conv1.bn.weight"]);
        Assert.Equal(ParameterRole.FcWeight, roles["fc1.linear.weight"]);
        Assert.Equal(ParameterRole.BatchNormBias, roles["fc1.bn.bias"]);
        Assert.Equal(ParameterRole.OutputWeight, roles["output.weight"]);
        Assert.Equal(new long[] { 1024, 512 * 2 * 2 }, model.NamedParametersWithRoles().Single(p => p.Name == "fc1.linear.weight").Parameter.shape);
    }

    [Fact]
    public void Initialization_is_fixed_by_the_generator_and_follows_the_default_bounds()
    {
        using var a = new PaperCnn(PaperArchitectures.For("cifar2"), 2);
        using var b = new PaperCnn(PaperArchitectures.For("cifar2"), 2);
        using var c = new PaperCnn(PaperArchitectures.For("cifar2"), 2);
        using (var g = new Generator(42)) a.Initialize(g);
        using (var g = new Generator(42)) b.Initialize(g);
        using (var g = new Generator(43)) c.Initialize(g);
        foreach (var ((name, pa, _), (_, pb, _), (_, pc, _)) in a.NamedParametersWithRoles().Zip(b.NamedParametersWithRoles(), c.NamedParametersWithRoles()))
        {
            Assert.True(TensorAssert.BitEqual(pa, pb), name);
            if (!name.Contains(".bn.")) Assert.False(TensorAssert.BitEqual(pa, pc), name);
        }
        var conv1 = a.NamedParametersWithRoles().Single(p => p.Name == "conv1.conv.weight").Parameter;
        double bound = 1 / Math.Sqrt(3 * 3 * 3);
        Assert.True(conv1.abs().max().item<float>() <= bound);
        Assert.True(conv1.abs().max().item<float>() > 0.9 * bound);
    }

    [Fact]
    public void Dropout_uses_its_generator_only_in_training_mode()
    {
        var dropout = new GeneratorDropout(0.5);
        using var ones = TorchSharp.torch.ones(1000);
        dropout.eval();
        Assert.True(TensorAssert.BitEqual(dropout.call(ones), ones));
        dropout.train();
        using var g1 = new Generator(7);
        using var g2 = new Generator(7);
        dropout.Generator = g1;
        using var first = dropout.call(ones);
        dropout.Generator = g2;
        using var second = dropout.call(ones);
        Assert.True(TensorAssert.BitEqual(first, second));
        var kept = first.count_nonzero().item<long>();
        Assert.InRange(kept, 420, 580);
        Assert.Equal(2.0f, first.max().item<float>());
    }
}
