using ActorPipeline.Host.Persistence;
using ActorPipeline.Actors.Events;
using ActorPipeline.Actors.Persistence;
using ActorPipeline.Actors.Plans;
using ActorPipeline.Actors.Problems;
using Akka.Actor;


namespace ActorPipeline.Host.Hosting;

/// <summary>
/// Reads a sweep's journal without changing it (`sweep status`, also while another process runs the sweep):
/// a read-only actor per persistence id replays its events and stops; nothing is ever written.
/// </summary>
public static class JournalReader
{
    /// <summary>
    /// Every problem's state, read in a host of its own with only the journal (`sweep status`, tests); Akka's own log goes
    /// to <paramref name="logFile"/> when given (a failure is this method's exception, never stack traces on the terminal).
    /// </summary>
    public static async Task<IReadOnlyList<ProblemState>> ReadProblemsAsync(JournalSettings journal, SweepPlan plan, CancellationToken cancellation = default, string? logFile = null)
    {
        var host = await PipelineHost.StartAsync("actorpipeline-status", akka => akka.WithPipelineLogging(logFile, quiet: logFile is null).WithSweepJournal(journal),
            telemetry: null, cancellation);
        try
        {
            return await ReadProblemsAsync(host.ActorSystem(), plan, cancellation);
        }
        finally
        {
            await host.StopAndDisposeAsync();
        }
    }

    /// <summary>Every problem's state, read through a running system that has the sweep's journal.</summary>
    public static async Task<IReadOnlyList<ProblemState>> ReadProblemsAsync(ActorSystem system, SweepPlan plan, CancellationToken cancellation)
    {
        var states = new List<ProblemState>();
        foreach (var problem in plan.Problems)
            states.Add(ProblemState.Fold(problem.Problem, await ReplayAsync(system, PersistenceIds.Problem(plan.SweepId, problem.Problem), cancellation)));
        return states;
    }

    private static Task<IReadOnlyList<IPipelineEvent>> ReplayAsync(ActorSystem system, string persistenceId, CancellationToken cancellation)
    {
        var done = new TaskCompletionSource<IReadOnlyList<IPipelineEvent>>(TaskCreationOptions.RunContinuationsAsynchronously);
        cancellation.Register(() => done.TrySetCanceled());
        var replayer = system.ActorOf(JournalReplayer.Props(persistenceId, done));
        // A replayer that stops before it answered (it could not even be created) would leave the read waiting forever.
        _ = replayer.WatchAsync(CancellationToken.None).ContinueWith(
            _ => done.TrySetException(new InvalidDataException($"The journal of {persistenceId} cannot be read: its reader stopped before replaying it (see the log).")),
            TaskScheduler.Default);
        return done.Task;
    }
}
