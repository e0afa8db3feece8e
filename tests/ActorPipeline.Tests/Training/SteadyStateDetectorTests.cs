using ActorPipeline.Ml.Training;

namespace ActorPipeline.Tests.Training;

public sealed class SteadyStateDetectorTests
{
    private static readonly SteadyStateRule Rule = new(Window: 5, Tolerance: 0.10);

    private static double[] Series(params (int Count, double Value)[] runs) => runs.SelectMany(r => Enumerable.Repeat(r.Value, r.Count)).ToArray();

    [Fact]
    public void A_slow_start_is_warm_up_up_to_the_first_fast_batch()
    {
        Assert.Equal(10, SteadyStateDetector.SettlingIndex(Series((10, 3.0), (30, 1.0)), Rule));
    }

    [Fact]
    public void A_flat_series_is_steady_from_the_first_batch()
    {
        Assert.Equal(0, SteadyStateDetector.SettlingIndex(Series((20, 1.0)), Rule));
    }

    [Fact]
    public void A_few_batches_slowed_by_another_process_do_not_reset_the_warm_up()
    {
        var series = Series((10, 3.0), (30, 1.0));
        series[25] = series[26] = 5.0; // two of every five: the rolling median ignores them
        Assert.Equal(10, SteadyStateDetector.SettlingIndex(series, Rule));
    }

    [Fact]
    public void A_gradual_speed_up_settles_where_it_comes_within_the_tolerance()
    {
        // Medians of five pass from the window at batch 3 (1.4, 1.2, 1.05, 1.0, 1.0 → 1.05); its first values are still
        // outside 10 % of 1.0, so the steady state starts at batch 5 (1.05).
        double[] series = [2.0, 1.8, 1.6, 1.4, 1.2, 1.05, .. Series((20, 1.0))];
        Assert.Equal(5, SteadyStateDetector.SettlingIndex(series, Rule));
    }

    [Fact]
    public void A_late_slow_down_moves_the_steady_state_after_it()
    {
        Assert.Equal(20, SteadyStateDetector.SettlingIndex(Series((20, 1.0), (15, 2.0)), Rule));
    }

    [Fact]
    public void Too_short_a_series_is_not_judged()
    {
        Assert.Null(SteadyStateDetector.SettlingIndex(Series((9, 1.0)), Rule));
    }

    [Fact]
    public void Bad_rules_and_costs_are_refused_with_a_reason()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SteadyStateDetector.SettlingIndex(Series((20, 1.0)), new SteadyStateRule(Window: 2)));
        Assert.Throws<ArgumentOutOfRangeException>(() => SteadyStateDetector.SettlingIndex(Series((20, 1.0)), new SteadyStateRule(Tolerance: 0)));
        Assert.Throws<ArgumentException>(() => SteadyStateDetector.SettlingIndex(Series((20, 0.0)), Rule));
    }
}
