using ActorPipeline.Ml.Training;

namespace ActorPipeline.Tests.Training;

public sealed class ImprovementRuleTests
{
    private static EpochReport Epoch(int epoch, double? validationLoss, double? validationAccuracy) =>
        new(epoch, 0.5, 0.5, validationLoss, validationAccuracy, 0.5, 0.5, 100, TimeSpan.FromSeconds(1));

    [Fact]
    public void The_loss_improves_only_when_strictly_lower()
    {
        const EarlyStoppingMonitor loss = EarlyStoppingMonitor.ValidationLoss;
        Assert.True(ImprovementRule.Improves(loss, 0.29, 0.3));
        Assert.False(ImprovementRule.Improves(loss, 0.3, 0.3));
        Assert.False(ImprovementRule.Improves(loss, 0.31, 0.3));
        Assert.False(ImprovementRule.Improves(loss, double.NaN, 0.3));
        Assert.True(ImprovementRule.Improves(loss, 1e300, ImprovementRule.Initial(loss)));
        Assert.False(ImprovementRule.Improves(loss, double.PositiveInfinity, ImprovementRule.Initial(loss)));
    }

    [Fact]
    public void The_accuracy_improves_only_when_strictly_higher()
    {
        const EarlyStoppingMonitor accuracy = EarlyStoppingMonitor.ValidationAccuracy;
        Assert.True(ImprovementRule.Improves(accuracy, 0.81, 0.8));
        Assert.False(ImprovementRule.Improves(accuracy, 0.8, 0.8));
        Assert.False(ImprovementRule.Improves(accuracy, 0.79, 0.8));
        Assert.False(ImprovementRule.Improves(accuracy, double.NaN, 0.8));
        Assert.True(ImprovementRule.Improves(accuracy, 0.0, ImprovementRule.Initial(accuracy)));
    }

    [Fact]
    public void The_score_is_the_monitored_validation_figure()
    {
        var report = Epoch(4, validationLoss: 0.25, validationAccuracy: 0.75);
        Assert.Equal(0.25, ImprovementRule.Score(EarlyStoppingMonitor.ValidationLoss, report));
        Assert.Equal(0.75, ImprovementRule.Score(EarlyStoppingMonitor.ValidationAccuracy, report));
        var error = Assert.Throws<ArgumentException>(() => ImprovementRule.Score(EarlyStoppingMonitor.ValidationAccuracy, Epoch(4, null, null)));
        Assert.Contains("Epoch 4 has no validation accuracy", error.Message);
    }

    [Fact]
    public void Over_a_history_the_monitors_pick_different_epochs_and_the_first_of_equals()
    {
        // Loss keeps falling after accuracy peaks (at epochs 2 and 3, a tie).
        var history = new[] { Epoch(1, 0.9, 0.6), Epoch(2, 0.7, 0.9), Epoch(3, 0.5, 0.9), Epoch(4, 0.5, 0.8) };
        Assert.Equal(3, BestEpoch(EarlyStoppingMonitor.ValidationLoss, history));
        Assert.Equal(2, BestEpoch(EarlyStoppingMonitor.ValidationAccuracy, history));
    }

    private static int? BestEpoch(EarlyStoppingMonitor monitor, IEnumerable<EpochReport> history)
    {
        int? best = null;
        double bestScore = ImprovementRule.Initial(monitor);
        foreach (var report in history)
        {
            double score = ImprovementRule.Score(monitor, report);
            if (ImprovementRule.Improves(monitor, score, bestScore)) (best, bestScore) = (report.Epoch, score);
        }
        return best;
    }
}
