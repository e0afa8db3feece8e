using ActorPipeline.Actors.Devices;
using ActorPipeline.Actors.Events;
using ActorPipeline.Actors.Persistence;
using ActorPipeline.Actors.Plans;
using ActorPipeline.Actors.Problems;
using ActorPipeline.Actors.Progress;
using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using Xunit.Abstractions;

namespace ActorPipeline.Tests.Actors;

/// <summary>
/// Retries of failed repetitions under the test scheduler: a retry starts when the test advances time by its
/// backoff, never sooner, and nothing waits for real.
/// </summary>
public sealed class ProblemSupervisorRetryTests(ITestOutputHelper output) : TestKit(ActorTestConfig.WithTestScheduler, output: output)
{
    private const string Problem = "cifar2";
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan Finishing = TimeSpan.FromSeconds(15);
    private static readonly RetryPolicy Retries = new() { MaxRetries = 2, MinBackoff = TimeSpan.FromSeconds(2), MaxBackoff = TimeSpan.FromSeconds(8) };

    private readonly FakeCompute _compute = new();
    private readonly string _sweepId = "fake-" + Guid.NewGuid().ToString("N")[..8];

    private TestScheduler Scheduler => (TestScheduler)Sys.Scheduler;

    private IActorRef StartSupervisor(int repetitions)
    {
        var plan = FakePlans.Problem(Problem, repetitions, iterations: 1);
        return Sys.ActorOf(ProblemSupervisor.Props(_sweepId, plan, "artifacts", Retries, LocalNodes.Dispatcher(Sys, _compute, slots: 2, plan)), "cifar2-0");
    }

    [Fact]
    public async Task A_failed_attempt_is_retried_only_once_its_backoff_has_passed()
    {
        _compute.FailWhen((call, made) => call == ComputeCall.TrainIteration(Problem, 0, 1) && made == 1 ? new InvalidOperationException("injected transient failure") : null);
        var progress = CreateTestProbe();
        Sys.EventStream.Subscribe(progress, typeof(ProblemProgress));
        var waiting = CreateTestProbe();
        waiting.IgnoreMessages<WorkProgress>(p => p.Repetition != 0 || p.Stage != WorkProgress.WaitingForDevice);
        Sys.EventStream.Subscribe(waiting, typeof(WorkProgress));
        var supervisor = StartSupervisor(repetitions: 1);

        supervisor.Tell(new RunProblem(TraceParent: null));
        // Generous waits (not timings): the first test of a run pays for the JIT and the journal's start-up.
        waiting.ExpectMsg<WorkProgress>(Finishing); // the first attempt
        // Progress is published when RunProblem arrives, when the dense training is recorded, and when the failed attempt is;
        // the retry timer is set right after the last. An Identify answered after it proves the timer is set.
        progress.ExpectMsg<ProblemProgress>(Finishing);
        progress.ExpectMsg<ProblemProgress>(Finishing);
        progress.ExpectMsg<ProblemProgress>(p => p.StepsDone == 1 && !p.Finished, Finishing);
        await supervisor.Ask<ActorIdentity>(new Identify(null), TimeSpan.FromSeconds(3));
        Assert.Equal(1, _compute.CountOf(ComputeCall.OpenRepetition(Problem, 0)));

        Scheduler.Advance(Retries.Backoff(1) - TimeSpan.FromMilliseconds(1));
        waiting.ExpectNoMsg(Quiet);
        Assert.Equal(1, _compute.CountOf(ComputeCall.OpenRepetition(Problem, 0)));

        Scheduler.Advance(TimeSpan.FromMilliseconds(1));
        waiting.ExpectMsg<WorkProgress>(Finishing); // the retry
        var finished = ExpectMsg<ProblemOutcome>(Finishing);
        var repetition = finished.State.Repetition(0);
        Assert.True(repetition.Completed);
        Assert.Equal(1, repetition.Attempts);
        Assert.Equal("training IMP iteration 1 failed: InvalidOperationException: injected transient failure", repetition.LastError);
        Assert.Equal(2, _compute.CountOf(ComputeCall.OpenRepetition(Problem, 0)));
        Assert.Equal(2, _compute.CountOf(ComputeCall.TrainIteration(Problem, 0, 1)));
    }

    [Fact]
    public async Task A_repetition_failing_every_attempt_is_recorded_failed_after_MaxRetries_plus_one_attempts_and_the_rest_completes()
    {
        var failing = ComputeCall.TrainIteration(Problem, 1, 1);
        _compute.FailWhen((call, _) => call == failing ? new InvalidOperationException("injected permanent failure") : null);
        var supervisor = StartSupervisor(repetitions: 2);
        supervisor.Tell(new RunProblem(TraceParent: null));

        for (int attempt = 1; attempt <= Retries.MaxRetries; attempt++)
        {
            int made = attempt;
            AwaitCondition(() => _compute.CountOf(failing) == made, TimeSpan.FromSeconds(15));
            // Time moves only in steps of the longest backoff here; the test above pins the exact delay.
            AwaitAssert(() =>
            {
                Scheduler.Advance(Retries.MaxBackoff);
                Assert.Equal(made + 1, _compute.CountOf(failing));
            }, TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(100));
        }

        var finished = ExpectMsg<ProblemOutcome>(Finishing);
        Assert.True(finished.State.Repetition(0).Completed);
        var failed = finished.State.Repetition(1);
        Assert.Equal(Retries.MaxRetries + 1, failed.Attempts);
        Assert.Equal("training IMP iteration 1 failed: InvalidOperationException: injected permanent failure", failed.Failure);
        Scheduler.Advance(Retries.MaxBackoff);
        ExpectNoMsg(Quiet);
        Assert.Equal(Retries.MaxRetries + 1, _compute.CountOf(failing)); // no attempt after giving up

        var journal = await JournalAccess.Read(Sys, PersistenceIds.Problem(_sweepId, Problem));
        Assert.Equal([1, 2, 3], journal.OfType<RepetitionAttemptFailed>().Where(a => a.Repetition == 1).Select(a => a.Attempt));
        Assert.Equal(new RepetitionFailed(Problem, 1, 3, failed.Failure!), Assert.Single(journal.OfType<RepetitionFailed>()));
        Assert.Equal([new RepetitionCompleted(Problem, 0)], journal.OfType<RepetitionCompleted>());
    }

    [Fact]
    public async Task A_deterministic_failure_is_recorded_failed_at_its_first_attempt_and_never_retried_while_the_rest_completes()
    {
        var failing = ComputeCall.TrainIteration(Problem, 1, 1);
        _compute.FailWhen((call, _) => call == failing ? new Ml.DeterministicFailureException("injected: the plan cannot work") : null);
        var supervisor = StartSupervisor(repetitions: 2);
        supervisor.Tell(new RunProblem(TraceParent: null));

        // No time passes on the test scheduler: a retry could not start, so finishing proves none was waited for.
        var finished = ExpectMsg<ProblemOutcome>(Finishing);
        Assert.True(finished.State.Repetition(0).Completed);
        var failed = finished.State.Repetition(1);
        Assert.Equal(1, failed.Attempts);
        Assert.Equal("training IMP iteration 1 failed: DeterministicFailureException: injected: the plan cannot work (deterministic: not retried)", failed.Failure);
        Scheduler.Advance(Retries.MaxBackoff * 4);
        ExpectNoMsg(Quiet);
        Assert.Equal(1, _compute.CountOf(failing));
        Assert.Equal(1, _compute.CountOf(ComputeCall.OpenRepetition(Problem, 1)));

        var journal = await JournalAccess.Read(Sys, PersistenceIds.Problem(_sweepId, Problem));
        Assert.Equal([1], journal.OfType<RepetitionAttemptFailed>().Where(a => a.Repetition == 1).Select(a => a.Attempt));
        Assert.Equal(new RepetitionFailed(Problem, 1, 1, failed.Failure!), Assert.Single(journal.OfType<RepetitionFailed>()));
    }

    [Fact]
    public void A_deterministic_failure_inside_a_transient_wrapper_is_still_deterministic_and_a_plain_one_is_not()
    {
        Assert.True(Ml.DeterministicFailureException.IsIn(new InvalidOperationException("outer", new Ml.DeterministicFailureException("inner"))));
        Assert.True(Ml.DeterministicFailureException.IsIn(new AggregateException(new Ml.DeterministicFailureException("a"), new Ml.DeterministicFailureException("b"))));
        Assert.False(Ml.DeterministicFailureException.IsIn(new AggregateException(new Ml.DeterministicFailureException("a"), new IOException("b"))));
        Assert.False(Ml.DeterministicFailureException.IsIn(new InvalidOperationException("injected transient failure")));
    }
}
