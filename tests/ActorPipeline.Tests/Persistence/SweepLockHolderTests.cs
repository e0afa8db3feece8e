using System.Text;
using ActorPipeline.Host.Persistence;

namespace ActorPipeline.Tests.Persistence;

public sealed class SweepLockHolderTests
{
    private static readonly SweepLockHolder Holder = new("ab12", 4711, new DateTimeOffset(2026, 12, 1, 14, 2, 11, TimeSpan.Zero));

    [Fact]
    public void A_holder_reads_as_host_pid_and_UTC_time() =>
        Assert.Equal("host ab12 pid 4711 since 2026-12-01T14:02:11Z", Holder.Describe());

    [Fact]
    public void The_application_name_carries_the_holder_and_reads_back()
    {
        Assert.Equal("actorpipeline host ab12 pid 4711 since 2026-12-01T14:02:11Z", Holder.ToApplicationName());
        Assert.Equal(Holder, SweepLockHolder.FromApplicationName(Holder.ToApplicationName()));
        Assert.Null(SweepLockHolder.FromApplicationName("psql"));
        Assert.Null(SweepLockHolder.FromApplicationName(null));
    }

    [Fact]
    public void A_long_host_name_is_shortened_so_that_PostgreSQL_keeps_the_whole_application_name()
    {
        var longHost = Holder with { Host = new string('h', 80) };
        string name = longHost.ToApplicationName();
        Assert.True(Encoding.UTF8.GetByteCount(name) <= 63, name);
        Assert.Equal(4711, SweepLockHolder.FromApplicationName(name)!.Pid);
    }

    [Fact]
    public void The_holder_file_round_trips_and_a_damaged_one_reads_as_unknown()
    {
        Assert.Equal(Holder, SweepLockHolder.FromJson(Holder.ToJson()));
        Assert.Null(SweepLockHolder.FromJson("{\"Host\":"));
    }

    [Fact]
    public void The_lock_key_is_the_first_8_bytes_of_SHA_256_and_differs_per_sweep()
    {
        // python3 -c "import hashlib,struct; print(struct.unpack('>q', hashlib.sha256(b'actorpipeline:2afb0a18f7e0').digest()[:8])[0])"
        Assert.Equal(8407929357635590235L, SweepAdvisoryLock.KeyOf("2afb0a18f7e0"));
        Assert.NotEqual(SweepAdvisoryLock.KeyOf("2afb0a18f7e0"), SweepAdvisoryLock.KeyOf("2afb0a18f7e1"));
    }
}
