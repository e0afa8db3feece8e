using ActorPipeline.Actors.Devices;
using ActorPipeline.Actors.Events;
using ActorPipeline.Actors.Persistence;
using ActorPipeline.Actors.Problems;
using ActorPipeline.Actors.Progress;
using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using Xunit.Abstractions;

namespace ActorPipeline.Tests.Actors;

/// <summary>
/// A database outage under the test scheduler: the problem pauses (its running work waits for its step to be
/// recorded, nothing new starts), the journal comes back under an exponential backoff (1 s, 2 s, 4 s …), nothing is
/// recorded twice and nothing counts as a failure of work. No real waiting: time moves when the test advances it.
/// </summary>
public sealed class JournalOutageTests(ITestOutputHelper output) : TestKit(Config, output: output)
{
    private static readonly Config Config = ConfigurationFactory
        .ParseString("""akka.scheduler.implementation = "Akka.TestKit.TestScheduler, Akka.TestKit" """)
        .WithFallback(ActorTestConfig.WithFailingJournal);

    private const string Problem = "cifar2";
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan Finishing = TimeSpan.FromSeconds(15);

    private readonly FakeCompute _compute = new();
    private readonly string _sweepId = "outage-" + Guid.NewGuid().ToString("N")[..8];

    private TestScheduler Scheduler => (TestScheduler)Sys.Scheduler;
    private string PersistenceId => PersistenceIds.Problem(_sweepId, Problem);

    private IActorRef StartSupervisor(int repetitions = 1, int iterations = 1)
    {
        var plan = FakePlans.Problem(Problem, repetitions, iterations);
        return Sys.ActorOf(ProblemSupervisor.Props(_sweepId, plan, "artifacts", FakePlans.QuickRetries, LocalNodes.Dispatcher(Sys, _compute, slots: 2, plan)), "cifar2-0");
    }

    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(50);

    /// <summary>The supervisor's journal: its backoff supervisor, and the journal incarnation that runs under it (if one does).</summary>
    private ActorSelection JournalBackoff => Sys.ActorSelection("/user/cifar2-0/journal");
    private ActorSelection Journal => Sys.ActorSelection("/user/cifar2-0/journal/journal");

    /// <summary>
    /// Moves the test clock <see cref="Step"/> at a time until <paramref name="done"/> (at most <paramref name="limit"/>). After each step
    /// the journal's backoff supervisor has handled what fell due; once a restart created a new journal, the clock stands still until
    /// <paramref name="done"/> (the replay it starts is stamped with the clock), so it never runs ahead of the actors by more than a step.
    /// </summary>
    private void AdvanceUntil(Func<bool> done, TimeSpan limit)
    {
        for (var moved = TimeSpan.Zero; !done(); moved += Step)
        {
            Assert.True(moved <= limit, $"nothing happened within {limit} of test time");
            Scheduler.Advance(Step);
            Handled(JournalBackoff);
            // A restart fell due: the new journal replays on its own time; the clock waits for that rather than running on.
            if (JournalIncarnationRuns()) AwaitCondition(done, Finishing);
        }
    }

    private bool JournalIncarnationRuns() => Journal.Ask<ActorIdentity>(new Identify(null), Finishing).Result.Subject is not null;

    /// <summary>The failed journal has stopped and its backoff supervisor has handled that: the next restart is scheduled (on the test clock, which stands still).</summary>
    private void AwaitRestartScheduled()
    {
        AwaitAssert(() => Assert.False(JournalIncarnationRuns()), Finishing);
        Handled(JournalBackoff);
    }

    /// <summary>Returns once <paramref name="actor"/> has handled every message sent to it before (its mailbox is in order).</summary>
    private static void Handled(ActorSelection actor) => actor.Ask<ActorIdentity>(new Identify(null), Finishing).Wait();

    [Fact]
    public async Task An_outage_mid_run_pauses_the_problem_and_after_the_backoff_every_step_is_recorded_once_with_no_failed_attempt()
    {
        var faults = CreateTestProbe();
        Sys.EventStream.Subscribe(faults, typeof(JournalFault));
        Sys.EventStream.Subscribe(faults, typeof(JournalRecovered));
        var hold = _compute.Hold(ComputeCall.TrainIteration(Problem, 0, 1));
        var supervisor = StartSupervisor();
        supervisor.Tell(new RunProblem(TraceParent: null));
        AwaitCondition(() => _compute.CountOf(ComputeCall.TrainIteration(Problem, 0, 1)) == 1, Finishing); // the dense step is in, iteration 1 trains

        // The database goes away while iteration 1 trains; the training finishes and its step cannot be recorded.
        FailingJournal.TakeDown(PersistenceId);
        hold.Set();
        var fault = faults.ExpectMsg<JournalFault>(Finishing);
        Assert.Equal(PersistenceId, fault.PersistenceId);
        Assert.Contains("connection refused", fault.Reason);
        AwaitRestartScheduled();

        // Paused, and still down: each restart fails and the next waits twice as long (1 s, 2 s, 4 s, plus up to 10%).
        // The test clock moves in small steps, each handled by the journal before the next, so every scheduled restart sees the clock it was set on.
        FailingJournal.Clock = () => Scheduler.Now;
        var failedAt = Scheduler.Now;
        foreach (var backoff in new[] { 1, 2, 4 }.Select(s => TimeSpan.FromSeconds(s)))
        {
            int attempts = FailingJournal.RecoveryAttempts(PersistenceId);
            AdvanceUntil(() => FailingJournal.RecoveryAttempts(PersistenceId) > attempts, limit: backoff * 2);
            AwaitRestartScheduled();
            var restartedAt = FailingJournal.RecoveryTimesOf(PersistenceId)[^1];
            Assert.InRange(restartedAt - failedAt, backoff, backoff * 1.1 + TimeSpan.FromSeconds(0.5)); // never sooner than the backoff
            failedAt = restartedAt; // the replay fails at once: the next backoff counts from here
        }
        Assert.Equal(0, _compute.Calls.Count(c => c.Step == ComputeStep.Probe)); // no new step started meanwhile

        // Back: the next restart replays the journal, the waiting step is recorded, the problem finishes.
        FailingJournal.Restore(PersistenceId);
        int before = FailingJournal.RecoveryAttempts(PersistenceId);
        AdvanceUntil(() => FailingJournal.RecoveryAttempts(PersistenceId) > before, limit: TimeSpan.FromSeconds(16));
        faults.ExpectMsg<JournalRecovered>(Finishing);
        var finished = ExpectMsg<ProblemOutcome>(Finishing);

        Assert.True(finished.State.Repetition(0).Completed);
        Assert.Equal(0, finished.State.Repetition(0).Attempts); // an outage is nobody's failed attempt
        var journal = await JournalAccess.Read(Sys, PersistenceId);
        Assert.Single(journal.OfType<IterationTrained>());
        Assert.Single(journal.OfType<SimilarityMeasured>());
        Assert.Empty(journal.OfType<RepetitionAttemptFailed>());
        Assert.Equal(1, _compute.CountOf(ComputeCall.TrainIteration(Problem, 0, 1))); // nothing was trained twice
    }

    [Fact]
    public async Task A_write_whose_answer_was_lost_is_not_recorded_again_when_the_journal_comes_back()
    {
        var faults = CreateTestProbe();
        Sys.EventStream.Subscribe(faults, typeof(JournalFault));
        var supervisor = StartSupervisor();
        // The dense step's write fails once (as when the connection drops): it is sent again after the restart.
        FailingJournal.FailWrites(PersistenceId, e => e is DenseTrained);
        supervisor.Tell(new RunProblem(TraceParent: null));
        faults.ExpectMsg<JournalFault>(Finishing);
        Assert.Equal(1, _compute.CountOf(ComputeCall.TrainDense(Problem)));
        AdvanceUntil(() => FailingJournal.RecoveryAttempts(PersistenceId) == 2, limit: TimeSpan.FromSeconds(2)); // the restart after the backoff
        var finished = ExpectMsg<ProblemOutcome>(Finishing);

        Assert.NotNull(finished.State.Dense);
        var journal = await JournalAccess.Read(Sys, PersistenceId);
        Assert.Single(journal.OfType<DenseTrained>());
        Assert.Empty(journal.OfType<DenseAttemptFailed>());
        Assert.Equal(1, _compute.CountOf(ComputeCall.TrainDense(Problem)));
    }

    [Fact]
    public void A_journal_down_at_start_starts_no_work_until_it_answers()
    {
        FailingJournal.TakeDown(PersistenceId);
        var waiting = CreateTestProbe();
        Sys.EventStream.Subscribe(waiting, typeof(WorkProgress));
        var supervisor = StartSupervisor();
        supervisor.Tell(new RunProblem(TraceParent: null));
        AwaitCondition(() => FailingJournal.RecoveryAttempts(PersistenceId) == 1, Finishing);
        waiting.ExpectNoMsg(Quiet);

        FailingJournal.Restore(PersistenceId);
        AdvanceUntil(() => FailingJournal.RecoveryAttempts(PersistenceId) == 2, limit: TimeSpan.FromSeconds(2));
        ExpectMsg<ProblemOutcome>(Finishing);
        Assert.Equal(1, _compute.CountOf(ComputeCall.TrainDense(Problem)));
    }

    [Fact]
    public void The_watch_makes_one_outage_of_every_journal_and_reports_the_limit_only_when_it_is_passed()
    {
        var events = CreateTestProbe();
        Sys.EventStream.Subscribe(events, typeof(JournalOutageStarted));
        Sys.EventStream.Subscribe(events, typeof(JournalOutageEnded));
        Sys.EventStream.Subscribe(events, typeof(JournalOutageLimitReached));
        Sys.ActorOf(JournalWatch.Props("PostgreSQL 127.0.0.1:55432/actorpipeline", TimeSpan.FromMinutes(30)));
        var since = DateTime.UtcNow;
        AwaitAssert(() =>
        {
            Sys.EventStream.Publish(new JournalFault("problem-a", since, "connection refused"));
            events.ExpectMsg<JournalOutageStarted>(TimeSpan.FromMilliseconds(200));
        }, Finishing);
        Sys.EventStream.Publish(new JournalFault("problem-b", since, "connection refused"));
        events.ExpectNoMsg(Quiet); // the same outage

        Sys.EventStream.Publish(new JournalRecovered("problem-a"));
        events.ExpectNoMsg(Quiet); // problem-b's journal is still away
        Sys.EventStream.Publish(new JournalRecovered("problem-b"));
        events.ExpectMsg<JournalOutageEnded>();
        Scheduler.Advance(TimeSpan.FromHours(1));
        events.ExpectNoMsg(Quiet); // over before the limit: no limit reached

        Sys.EventStream.Publish(new JournalFault("problem-a", since, "connection refused"));
        Assert.Equal("connection refused", events.ExpectMsg<JournalOutageStarted>().Reason);
        Scheduler.Advance(TimeSpan.FromMinutes(30) - TimeSpan.FromMilliseconds(1));
        events.ExpectNoMsg(Quiet);
        Scheduler.Advance(TimeSpan.FromMilliseconds(1));
        var limit = events.ExpectMsg<JournalOutageLimitReached>();
        Assert.Equal((TimeSpan.FromMinutes(30), "PostgreSQL 127.0.0.1:55432/actorpipeline"), (limit.Limit, limit.Journal));
    }
}
