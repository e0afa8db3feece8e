using System.Text.Json;
using ActorPipeline.Ml.Training;

namespace ActorPipeline.Tests.Training;

public sealed class TrainingOptionsTests
{
    [Fact]
    public void The_protocol_choices_default_to_no_clipping_and_the_validation_loss()
    {
        var options = new TrainingOptions();
        Assert.Null(options.GradientClipNorm);
        Assert.Equal(EarlyStoppingMonitor.ValidationLoss, options.Monitor);
        options.Validate();
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void A_clip_norm_that_is_not_a_positive_number_is_rejected_with_its_value(double clip)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new TrainingOptions { GradientClipNorm = clip }.Validate());
        Assert.Equal(nameof(TrainingOptions.GradientClipNorm), error.ParamName);
        Assert.Contains($"Gradient clip norm {clip} must be a positive number", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Trainer(new TrainingOptions { GradientClipNorm = clip }));
    }

    [Fact]
    public void A_small_positive_clip_norm_is_accepted() => new TrainingOptions { GradientClipNorm = 1e-9 }.Validate();

    [Fact]
    public void An_unknown_monitor_is_rejected()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new TrainingOptions { Monitor = (EarlyStoppingMonitor)5 }.Validate());
        Assert.Equal(nameof(TrainingOptions.Monitor), error.ParamName);
        Assert.Contains("ValidationLoss, ValidationAccuracy", error.Message);
    }

    [Fact]
    public void Default_choices_serialize_exactly_as_before_they_were_options_so_settings_hashes_stay()
    {
        // The JSON of new TrainingOptions() before GradientClipNorm and Monitor existed.
        const string before = """{"Epochs":50,"BatchSize":128,"LearningRate":0.001,"WeightDecay":0.0005,"EarlyStoppingPatience":null,"RestoreBestWeights":true,"Augment":true,"Seed":0,"EvaluationBatchSize":1000}""";
        Assert.Equal(before, JsonSerializer.Serialize(new TrainingOptions()));
        Assert.Equal(before, JsonSerializer.Serialize(new TrainingOptions { Monitor = EarlyStoppingMonitor.ValidationLoss, GradientClipNorm = null }));
    }

    [Fact]
    public void Other_choices_are_serialized_and_read_back()
    {
        var options = new TrainingOptions { Monitor = EarlyStoppingMonitor.ValidationAccuracy, GradientClipNorm = 1 };
        var json = JsonSerializer.Serialize(options);
        Assert.Contains("\"Monitor\":1", json);
        Assert.Contains("\"GradientClipNorm\":1", json);
        Assert.Equal(options, JsonSerializer.Deserialize<TrainingOptions>(json));
        Assert.Equal(new TrainingOptions(), JsonSerializer.Deserialize<TrainingOptions>(JsonSerializer.Serialize(new TrainingOptions())));
    }
}
