using ActorPipeline.Ml.Models;
using ActorPipeline.Tests.Support;
using static TorchSharp.torch;

namespace ActorPipeline.Tests.Models;

public sealed class NetworkOptionsTests
{
    // No batch norm: in eval and training mode the network then differs only by its dropout.
    private static readonly ArchitectureSpec WithDropout = ArchitectureSpec.Parse("8, MP", "64§");

    private static PaperCnn Make(NetworkOptions? options)
    {
        var model = new PaperCnn(WithDropout, 2, options);
        using var generator = new Generator(3);
        model.Initialize(generator);
        return model;
    }

    private static Tensor TrainingModeOutput(PaperCnn model, Tensor input, ulong dropoutSeed)
    {
        using var generator = new Generator(dropoutSeed);
        model.UseDropoutGenerator(generator);
        model.train();
        try
        {
            using var noGrad = no_grad();
            return model.call(input);
        }
        finally
        {
            model.UseDropoutGenerator(null);
        }
    }

    [Fact]
    public void Without_options_the_network_uses_the_paper_dropout_and_flattens()
    {
        using var model = new PaperCnn(WithDropout, 2);
        Assert.Equal(new NetworkOptions(), model.Options);
        Assert.Equal(0.5, model.Options.DropoutRate);
        Assert.Equal(FcInput.Flatten, model.Options.FcInput);
    }

    [Fact]
    public void The_dropout_rate_reaches_the_dropout_layers()
    {
        using var inputGenerator = new Generator(9);
        using var input = randn(16, 3, 32, 32, generator: inputGenerator);
        using var noDropout = Make(new NetworkOptions { DropoutRate = 0 });
        using var halfDropout = Make(new NetworkOptions { DropoutRate = 0.5 });
        using var defaults = Make(null);

        using var withoutDropout = TrainingModeOutput(noDropout, input, dropoutSeed: 1);
        noDropout.eval();
        using (var evaluated = noDropout.call(input))
            Assert.True(TensorAssert.BitEqual(withoutDropout, evaluated), "rate 0: training mode must equal eval mode");

        using var withDropout = TrainingModeOutput(halfDropout, input, dropoutSeed: 1);
        Assert.False(TensorAssert.BitEqual(withoutDropout, withDropout), "rate 0.5 must drop units");
        using var withDefaultDropout = TrainingModeOutput(defaults, input, dropoutSeed: 1);
        Assert.True(TensorAssert.BitEqual(withDropout, withDefaultDropout), "the default rate is 0.5");
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.0)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void A_dropout_rate_outside_0_to_1_is_rejected_with_its_value(double rate)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new PaperCnn(WithDropout, 2, new NetworkOptions { DropoutRate = rate }));
        Assert.Equal(nameof(NetworkOptions.DropoutRate), error.ParamName);
        Assert.Contains($"Dropout rate {rate} ", error.Message);
        Assert.Contains($"Dropout rate {rate} ", Assert.Throws<ArgumentOutOfRangeException>(() => new GeneratorDropout(rate)).Message);
    }

    [Fact]
    public void An_unknown_fc_input_is_rejected()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new NetworkOptions { FcInput = (FcInput)7 }.Validate());
        Assert.Equal(nameof(NetworkOptions.FcInput), error.ParamName);
        Assert.Contains("Flatten, GlobalAveragePooling", error.Message);
    }
}
