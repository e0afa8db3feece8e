using ActorPipeline.Host.Bench;
using ActorPipeline.Actors.Bench;

namespace ActorPipeline.Tests.Memory;

/// <summary>The memory bench's trend against known lines and noise drawn from fresh seeds.</summary>
public sealed class LinearTrendTests
{
    [Fact]
    public void An_exact_line_gives_its_slope_and_intercept_with_no_error_and_is_not_flat()
    {
        var points = Enumerable.Range(0, 10).Select(x => ((double)x, 3.0 + 2.5 * x)).ToList();
        var trend = LinearTrend.Fit(points);
        Assert.Equal(2.5, trend.Slope, 12);
        Assert.Equal(3.0, trend.Intercept, 12);
        Assert.Equal(0, trend.SlopeStandardError, 12);
        Assert.Equal(22.5, trend.Drift, 12);
        Assert.False(trend.IsFlat);
    }

    [Fact]
    public void The_standard_error_matches_the_textbook_formula_on_a_small_example()
    {
        // x = 1..5, y = 2, 4, 5, 4, 5: slope 0.6, intercept 2.2, residuals' sum of squares 2.4, s = sqrt(2.4/3), Sxx = 10.
        var trend = LinearTrend.Fit([(1, 2), (2, 4), (3, 5), (4, 4), (5, 5)]);
        Assert.Equal(0.6, trend.Slope, 12);
        Assert.Equal(2.2, trend.Intercept, 12);
        Assert.Equal(Math.Sqrt(2.4 / 3), trend.ResidualStandardDeviation, 12);
        Assert.Equal(Math.Sqrt(2.4 / 3) / Math.Sqrt(10), trend.SlopeStandardError, 12);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Noise_around_a_level_is_flat_and_a_climb_well_above_the_noise_is_not(int seed)
    {
        var random = new Random(seed);
        double Noise() => (random.NextDouble() - 0.5) * 100; // ±50 MB
        var level = Enumerable.Range(0, 200).Select(x => ((double)x, 2000 + Noise())).ToList();
        var climb = Enumerable.Range(0, 200).Select(x => ((double)x, 2000 + 5.0 * x + Noise())).ToList(); // +1000 MB over the window

        Assert.True(LinearTrend.Fit(level).IsFlat, $"seed {seed}: slope {LinearTrend.Fit(level).Slope}");
        var rising = LinearTrend.Fit(climb);
        Assert.False(rising.IsFlat, $"seed {seed}");
        Assert.InRange(rising.Slope, 4.5, 5.5);
    }

    [Fact]
    public void Too_few_points_or_a_single_x_are_refused_with_the_reason()
    {
        Assert.Contains("at least 3 points", Assert.Throws<ArgumentException>(() => LinearTrend.Fit([(1, 1), (2, 2)])).Message);
        Assert.Contains("more than one x", Assert.Throws<ArgumentException>(() => LinearTrend.Fit([(1, 1), (1, 2), (1, 3)])).Message);
    }
}
