using ActorPipeline.Actors.Events;
using ActorPipeline.Actors.Plans;
using ActorPipeline.Actors.Problems;
using ActorPipeline.Actors.Repetitions;
using static ActorPipeline.Tests.ProblemDecisions.DeciderDriver;

namespace ActorPipeline.Tests.ProblemDecisions;

/// <summary>
/// Work that did not succeed, decided without an actor system: failed attempts are recorded, then retried after a
/// doubling backoff until the retries are spent; a deterministic failure is given up at once; a storage fault is
/// nobody's attempt and waits longer while it lasts.
/// </summary>
public sealed class ProblemDeciderFailureTests
{
    private static readonly RetryPolicy FourRetries = new() { MaxRetries = 4, MinBackoff = TimeSpan.FromSeconds(2), MaxBackoff = TimeSpan.FromSeconds(8) };

    [Fact]
    public void A_failed_attempt_is_retried_only_once_it_is_recorded_and_its_backoff_has_passed()
    {
        var driver = new DeciderDriver().Start(DenseTrainedEvent());

        var failed = driver.Report(Rep(0), new RepetitionErrorReport(0, "nan"));
        Assert.DoesNotContain(failed.Commands, c => c is ScheduleRetry); // not before the attempt is recorded

        var recorded = driver.RecordNext();
        Assert.Equal(["Retry repetition 0 in 2s"], DeciderText.Commands(recorded));
        Assert.Contains("WarningLevel: cifar2 repetition 0 failed (attempt 1 of 3), retrying in 2 s: nan", DeciderText.All(recorded));
        Assert.Contains(Rep(0), driver.State.BackingOff);

        // Nothing else starts it meanwhile: not the sweep asking again, not a replay.
        Assert.Empty(DeciderText.Commands(driver.Send(RunRequested.Instance)));
        driver.Replay();
        Assert.Empty(DeciderText.Commands(driver.Last));

        Assert.Equal(["Offer repetition 0 from 1"], DeciderText.Commands(driver.Send(new RetryDue(Rep(0)))));
        Assert.DoesNotContain(Rep(0), driver.State.BackingOff);
    }

    [Theory]
    [InlineData("repetition")]
    [InlineData("dense")]
    public void The_backoff_doubles_up_to_its_cap_and_after_MaxRetries_plus_one_attempts_the_work_is_recorded_failed(string kind)
    {
        bool dense = kind == "dense";
        var work = dense ? Dense : Rep(0);
        var driver = new DeciderDriver(retries: FourRetries).Start(dense ? [] : [DenseTrainedEvent()]);
        IWorkReport Failure() => dense ? new DenseErrorReport("oom") : new RepetitionErrorReport(0, "oom");

        var delays = new List<string>();
        for (int attempt = 1; attempt <= FourRetries.MaxRetries; attempt++)
        {
            driver.Report(work, Failure());
            delays.AddRange(DeciderText.Commands(driver.RecordNext()));
            driver.Send(new RetryDue(work));
        }
        Assert.Equal([$"Retry {work} in 2s", $"Retry {work} in 4s", $"Retry {work} in 8s", $"Retry {work} in 8s"], delays);

        driver.Report(work, Failure());
        var lastAttempt = driver.RecordNext();
        Assert.Equal([dense ? "DenseFailed after 5: oom → FinishIfDone" : "RepetitionFailed r0 after 5: oom → FinishIfDone"], DeciderText.Records(lastAttempt));
        Assert.Contains($"ErrorLevel: cifar2 {work} failed 5 times, giving up: oom", DeciderText.All(lastAttempt));
        Assert.DoesNotContain(lastAttempt.Commands, c => c is ScheduleRetry);
        var given = driver.RecordNext();
        Assert.Equal(dense ? ["Finish (0 completed, 0 failed, dense failed)"] : [], DeciderText.Commands(given));
        Assert.Equal(Enumerable.Range(1, 5), driver.Journal.OfType<RepetitionAttemptFailed>().Select(a => a.Attempt).Concat(driver.Journal.OfType<DenseAttemptFailed>().Select(a => a.Attempt)));
    }

    [Fact]
    public void A_deterministic_failure_is_given_up_at_its_first_attempt_and_says_why()
    {
        var driver = new DeciderDriver().Start(DenseTrainedEvent());

        driver.Report(Rep(1), new RepetitionErrorReport(1, "collapsed", Deterministic: true));
        var recorded = driver.RecordNext();

        Assert.Equal(["RepetitionFailed r1 after 1: collapsed (deterministic: not retried) → FinishIfDone"], DeciderText.Records(recorded));
        Assert.Contains("ErrorLevel: cifar2 repetition 1 failed deterministically (retrying cannot help), giving up: collapsed", DeciderText.All(recorded));
        Assert.Empty(driver.State.BackingOff);
        driver.RecordAll();
        Assert.Equal(1, driver.State.Recorded.FailedRepetitions);
        Assert.Equal([Rep(0)], driver.State.Live.Values); // the rest goes on
    }

    [Fact]
    public void A_last_failure_finishes_the_problem_once_every_other_repetition_is_finished()
    {
        var driver = new DeciderDriver().Start([DenseTrainedEvent(), .. CompletedRepetition(0)]);

        driver.Report(Rep(1), new RepetitionErrorReport(1, "collapsed", Deterministic: true));
        driver.RecordAll();

        Assert.Equal(["Finish (1 completed, 1 failed)"], DeciderText.Commands(driver.Last));
    }

    [Fact]
    public void A_storage_fault_counts_no_attempt_and_waits_longer_while_it_lasts()
    {
        var driver = new DeciderDriver(retries: FourRetries).Start(DenseTrainedEvent());
        var retries = new List<string>();
        for (int fault = 1; fault <= 4; fault++)
        {
            var faulted = driver.Report(Rep(0), new StorageFaultReport("/full/x.pt", "No space left on device"));
            Assert.Empty(faulted.Records);
            retries.Add(DeciderText.Commands(faulted).Last());
            driver.Send(new RetryDue(Rep(0)));
        }

        Assert.Equal(["Retry repetition 0 in 2s", "Retry repetition 0 in 4s", "Retry repetition 0 in 8s", "Retry repetition 0 in 8s"], retries);
        Assert.Equal(0, driver.State.Recorded.Repetition(0).Attempts);
        Assert.Contains("WarningLevel: cifar2 repetition 0: storage fault: No space left on device; starting again in 8 s", DeciderText.All(driver.Decisions[^2]));
    }

    [Theory]
    [InlineData("its step trained", true)]
    [InlineData("its step measured", true)]
    [InlineData("another repetition's step", false)]
    public void A_recorded_step_of_the_work_shows_the_storage_writes_again_and_resets_its_backoff(string recordedStep, bool resets)
    {
        var driver = new DeciderDriver().Start(DenseTrainedEvent(), Trained(0, 1));
        driver.Report(Rep(0), new StorageFaultReport("/x.pt", "full"));
        driver.Send(new RetryDue(Rep(0)));
        Assert.Equal(1, driver.State.StorageFaults[Rep(0)]);

        switch (recordedStep)
        {
            case "its step trained":
                driver.Report(Rep(0), TrainedReport(0, 2)); // any step not recorded yet
                break;
            case "its step measured":
                driver.Report(Rep(0), MeasuredReport(0, 1));
                break;
            default:
                driver.Report(Rep(1), TrainedReport(1, 1));
                break;
        }
        driver.RecordAll();
        var again = driver.Report(Rep(0), new StorageFaultReport("/x.pt", "full"));

        Assert.Equal(resets ? "Retry repetition 0 in 2s" : "Retry repetition 0 in 4s", DeciderText.Commands(again).Last());
    }

    [Fact]
    public void The_recorded_dense_network_resets_the_dense_trainings_storage_faults()
    {
        var driver = new DeciderDriver().Start();
        driver.Report(Dense, new StorageFaultReport("/x.pt", "full"));
        driver.Send(new RetryDue(Dense));
        driver.Report(Dense, DenseTrainedReport());
        driver.RecordAll();

        Assert.Empty(driver.State.StorageFaults);
    }

    [Fact]
    public void A_retry_due_while_the_journal_is_lost_starts_nothing_and_the_replay_offers_the_work()
    {
        var driver = new DeciderDriver().Start(DenseTrainedEvent());
        driver.Report(Rep(0), new WorkerCrashReport("bug"));
        driver.RecordAll();
        driver.Send(JournalLost.Instance);

        Assert.Empty(driver.Send(new RetryDue(Rep(0))).Commands);
        Assert.Empty(driver.State.BackingOff);

        driver.Reconnect();
        Assert.Equal(["Offer repetition 0 from 1"], DeciderText.Commands(driver.Last));
    }

    [Fact]
    public void A_retry_due_for_work_that_is_live_again_offers_nothing_twice()
    {
        var driver = new DeciderDriver().Start(DenseTrainedEvent());

        Assert.Empty(driver.Send(new RetryDue(Rep(1))).Commands);
        Assert.Single(driver.State.Live.Values, Rep(1));
    }

    [Fact]
    public void A_dense_failure_seen_in_a_replay_withdraws_whatever_is_still_live_and_finishes()
    {
        var driver = new DeciderDriver().Start(DenseTrainedEvent());
        var live = driver.State.Live.Keys.ToList();
        driver.Send(JournalLost.Instance);

        driver.Replay(new DenseFailed(Problem, 4, "written by an older release"));

        Assert.Equal([.. live.SelectMany(id => new[] { $"Withdraw {id}", $"Close {id}" }), "Finish (0 completed, 0 failed, dense failed)"],
            DeciderText.Commands(driver.Last));
        Assert.Empty(driver.State.Live);
    }
}
