using ActorPipeline.Host.Reports;

namespace ActorPipeline.Tests.Reports;

public sealed class SpearmanCorrelationTests
{
    [Fact]
    public void Ties_share_their_mean_rank_and_rho_is_the_hand_computed_one()
    {
        double[] x = [10, 20, 20, 30, 40], y = [3, 1, 4, 4, 2];
        // by hand: ranks x 1, 2.5, 2.5, 4, 5; y 3, 1, 4.5, 4.5, 2; both mean 3;
        // Σdx·dy = 0 + 1 − 0.75 + 1.5 − 2 = −0.25, Σdx² = Σdy² = 9.5, so ρ = −0.25 / 9.5 = −1/38
        Assert.Equal([1, 2.5, 2.5, 4, 5], SpearmanCorrelation.Ranks(x));
        Assert.Equal([3, 1, 4.5, 4.5, 2], SpearmanCorrelation.Ranks(y));
        Assert.Equal(-1.0 / 38, SpearmanCorrelation.Of(x, y)!.Value, 14);
        // (the no-ties shortcut 1 − 6Σd²/(n(n²−1)) would say +0.025 here)
    }

    [Fact]
    public void Monotone_pairs_give_plus_or_minus_one_and_degenerate_ones_no_value()
    {
        Assert.Equal(1, SpearmanCorrelation.Of([1, 2, 3, 10], [0.1, 0.5, 0.7, 0.71])!.Value, 14);
        Assert.Equal(-1, SpearmanCorrelation.Of([1, 2, 3], [3, -1, -7])!.Value, 14);
        Assert.Null(SpearmanCorrelation.Of([1, 2, 3], [5, 5, 5]));
        Assert.Null(SpearmanCorrelation.Of([1], [2]));
        Assert.Contains("paired", Assert.Throws<ArgumentException>(() => SpearmanCorrelation.Of([1, 2], [1])).Message);
        Assert.Throws<ArgumentException>(() => SpearmanCorrelation.Of([1, double.NaN], [1, 2]));
    }
}
