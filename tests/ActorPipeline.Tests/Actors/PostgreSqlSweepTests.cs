using ActorPipeline.Actors.Progress;
using ActorPipeline.Host.Persistence;
using ActorPipeline.Host.Results;
using ActorPipeline.Tests.Data;
using Akka.Actor;
using ActorPipeline.Actors.Observers;
using ActorPipeline.Actors.Sweeps;
using ActorPipeline.Host.Configuration;
using ActorPipeline.Host.Hosting;
using ActorPipeline.Host.Planning;

namespace ActorPipeline.Tests.Actors;

/// <summary>Runs when $ACTORPIPELINE_TEST_PG names a PostgreSQL server (.ci/run starts one on 127.0.0.1).</summary>
internal sealed class FactWhenPostgreSqlAttribute : FactAttribute
{
    public const string Variable = "ACTORPIPELINE_TEST_PG";

    public FactWhenPostgreSqlAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(Variable)))
            Skip = $"${Variable} is not set: no PostgreSQL server to test against (.ci/run starts one).";
    }
}

public sealed class PostgreSqlSweepTests
{
    [FactWhenPostgreSql]
    public async Task The_pipeline_on_PostgreSQL_resumes_an_interrupted_sweep_and_ends_with_the_results_of_the_SQLite_journal()
    {
        using var sqliteFolder = new TempDirectory();
        using var postgresFolder = new TempDirectory();
        var plan = TinySweeps.Plan(sqliteFolder.Path);
        var postgres = JournalSettings.From(new PersistenceConfig
        {
            Provider = "postgresql",
            ConnectionString = Environment.GetEnvironmentVariable(FactWhenPostgreSqlAttribute.Variable),
        }, postgresFolder.Path);

        var reference = await SweepRunner.RunAsync(new SweepRun(plan, JournalSettings.From(new PersistenceConfig(), sqliteFolder.Path), ["cpu"], 1, TinySweeps.Compute()));

        // Interrupt the PostgreSQL run once the dense training and three more steps are recorded, then run the same sweep again.
        var onPostgres = plan with { ArtifactFolder = Path.Combine(postgresFolder.Path, "artifacts") };
        using var interrupt = new CancellationTokenSource();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => SweepRunner.RunAsync(new SweepRun(onPostgres, postgres, ["cpu"], 1, TinySweeps.Compute())
        {
            Observe = system => system.EventStream.Subscribe(system.ActorOf(Props.Create(() => new CancelAfterSteps(1 + 3, interrupt))), typeof(ProblemProgress)),
        }, interrupt.Token));
        var partial = await JournalReader.ReadProblemsAsync(postgres, onPostgres);
        Assert.InRange(partial[0].Repetitions.Values.Sum(r => r.Trained.Count + r.Similarity.Count), 3, 7);

        var resumed = await SweepRunner.RunAsync(new SweepRun(onPostgres, postgres, ["cpu"], 1, TinySweeps.Compute()));
        var expected = reference.Problems.Select(p => p.State).ToList();
        var actual = resumed.Problems.Select(p => p.State).ToList();
        Assert.Equal(ResultRows.Accuracy(expected), ResultRows.Accuracy(actual));
        Assert.Equal(ResultRows.Similarity(expected), ResultRows.Similarity(actual));
        Assert.Equal(ResultRows.Similarity(expected), ResultRows.Similarity(await JournalReader.ReadProblemsAsync(postgres, onPostgres)));
    }

    private sealed class CancelAfterSteps : ReceiveActor
    {
        public CancelAfterSteps(int steps, CancellationTokenSource interrupt) =>
            Receive<ProblemProgress>(p => { if (p.StepsDone >= steps) interrupt.Cancel(); });
    }
}
