using System.Diagnostics;
using ActorPipeline.Host.Persistence;
using ActorPipeline.Tests.Actors;
using Xunit.Abstractions;

namespace ActorPipeline.Tests.Persistence;

/// <summary>
/// The journal check at start against real sockets (all on 127.0.0.1) and the CI PostgreSQL server: one line within
/// 10 s for a refused port, a server that never answers, a wrong password and a missing database.
/// </summary>
public sealed class PostgreSqlJournalPreflightTests(ITestOutputHelper log)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_port_nobody_listens_on_is_connection_refused_at_once()
    {
        int port = UnusedLoopbackPort.Take();
        var message = await Refusal(TestPostgreSql.At("127.0.0.1", port));
        Assert.Equal($"PostgreSQL 127.0.0.1:{port}: connection refused: is the server running and listening on that port?", message);
    }

    [Fact]
    public async Task A_server_that_accepts_and_never_answers_is_no_answer_within_5_s()
    {
        using var silent = new SilentTcpServer();
        var clock = Stopwatch.StartNew();
        var message = await Refusal(TestPostgreSql.At("127.0.0.1", silent.Port));
        Assert.Equal($"no answer from PostgreSQL 127.0.0.1:{silent.Port} within 5 s: is the host up and the port open?", message);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(4), $"gave up after {clock.Elapsed}: before its own timeout?");
    }

    [FactWhenPostgreSql]
    public async Task The_CI_server_passes()
    {
        var clock = Stopwatch.StartNew();
        await JournalPreflight.CheckAsync(TestPostgreSql.Journal(Path.GetTempPath()), CancellationToken.None);
        log.WriteLine($"passed in {clock.Elapsed.TotalMilliseconds:0} ms");
    }

    [FactWhenPostgreSql]
    public async Task A_wrong_password_names_the_user_not_the_password()
    {
        const string wrong = "not-the-Password-42";
        var journal = TestPostgreSql.Altered(b => b.Password = wrong);
        var message = await Refusal(journal);
        Assert.EndsWith(": password authentication failed for user actorpipeline: set ACTORPIPELINE_PG_PASSWORD (or the variable named by persistence.password_env)", message);
        Assert.DoesNotContain(wrong, message);
        if (TestPostgreSql.Password is { Length: > 0 } real) Assert.DoesNotContain(real, message);
    }

    [FactWhenPostgreSql]
    public async Task A_missing_database_says_how_to_create_it()
    {
        string database = "actorpipeline_missing_" + Guid.NewGuid().ToString("N")[..8];
        var message = await Refusal(TestPostgreSql.Altered(b => b.Database = database));
        Assert.EndsWith($": database \"{database}\" does not exist: create it (createdb -O actorpipeline {database})", message);
    }

    private async Task<string> Refusal(JournalSettings journal)
    {
        var clock = Stopwatch.StartNew();
        var refused = await Assert.ThrowsAsync<JournalUnavailableException>(() => JournalPreflight.CheckAsync(journal, CancellationToken.None));
        log.WriteLine($"{clock.Elapsed.TotalMilliseconds:0} ms: {refused.Message}");
        Assert.True(clock.Elapsed < Bound, $"took {clock.Elapsed}");
        Assert.DoesNotContain('\n', refused.Message);
        return refused.Message;
    }
}
