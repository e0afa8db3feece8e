using ActorPipeline.Actors.Progress;

namespace ActorPipeline.Tests.Progress;

public sealed class HumanDurationTests
{
    [Theory]
    [InlineData(0, "0 s")]
    [InlineData(44.6, "45 s")]
    [InlineData(59.4, "59 s")]
    [InlineData(59.6, "1 min")]
    [InlineData(32 * 60 + 22, "32 min")]
    [InlineData(59 * 60 + 40, "1 h")]
    [InlineData(5 * 3600 + 10 * 60 + 5, "5 h 10 min")]
    [InlineData(23 * 3600 + 59 * 60 + 50, "1 d")]
    [InlineData(3 * 86400 + 4 * 3600 + 20 * 60, "3 d 4 h")]
    [InlineData(40 * 86400, "40 d")]
    public void Reads_as_a_person_writes_it(double seconds, string expected) =>
        Assert.Equal(expected, HumanDuration.Format(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void A_negative_duration_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => HumanDuration.Format(TimeSpan.FromSeconds(-1)));
}
