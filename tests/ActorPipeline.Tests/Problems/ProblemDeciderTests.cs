using ActorPipeline.Actors.Events;
using ActorPipeline.Actors.Problems;
using ActorPipeline.Actors.Repetitions;
using static ActorPipeline.Tests.ProblemDecisions.DeciderDriver;

namespace ActorPipeline.Tests.ProblemDecisions;

/// <summary>
/// The <see cref="ProblemDecider"/> without an actor system: how a problem starts, resumes from any replayed journal (a
/// fold of its events, then a decision), offers its work in order under deterministic ids, and finishes once.
/// </summary>
public sealed class ProblemDeciderTests
{
    /// <summary>A whole run of 2 repetitions of 2 iterations, in the order a one-slot node records it.</summary>
    private static readonly IPipelineEvent[] WholeRun = [DenseTrainedEvent(), .. CompletedRepetition(0), .. CompletedRepetition(1)];

    [Fact]
    public void Asked_before_the_journal_has_replayed_it_starts_nothing_until_the_replay_settles()
    {
        var driver = new DeciderDriver();

        var asked = driver.Send(RunRequested.Instance);

        Assert.Empty(asked.Records);
        Assert.Empty(asked.Commands);
        Assert.True(driver.State.Running);
        driver.Send(new JournalReplayed([]));
        Assert.Empty(driver.Last.Commands); // the replay alone decides nothing: the journal client settles first
        Assert.Equal(["Offer dense training"], DeciderText.Commands(driver.Send(ReplaySettled.Instance)));
    }

    [Fact]
    public void Replayed_before_it_is_asked_it_only_publishes_progress_until_it_is_asked()
    {
        var driver = new DeciderDriver();
        driver.Replay();

        Assert.Equal(["Progress 0/9"], DeciderText.All(driver.Last));
        Assert.Equal(["Offer dense training"], DeciderText.Commands(driver.Send(RunRequested.Instance)));
    }

    [Fact]
    public void A_fresh_problem_offers_its_dense_training_alone_then_every_repetition_from_iteration_1_once_it_is_recorded()
    {
        var driver = new DeciderDriver().Start();
        Assert.Equal([Id(Dense, 1)], driver.State.Live.Keys);

        var reported = driver.Report(Dense, DenseTrainedReport());
        Assert.Equal(["DenseTrained cifar2/dense/final.pt cifar2/dense/rewind-epoch003.pt → ContinueProblem"], DeciderText.Records(reported));
        Assert.Equal([$"Close {Id(Dense, 1)}"], DeciderText.Commands(reported));
        Assert.Empty(driver.State.Live); // nothing starts before the dense network is recorded

        var recorded = driver.RecordNext();
        Assert.Equal(["Progress 1/9", "Offer repetition 0 from 1", "Offer repetition 1 from 1"], DeciderText.All(recorded));
        Assert.Equal([Id(Rep(0), 2), Id(Rep(1), 3)], driver.State.Live.Keys);
    }

    [Fact]
    public void Assignment_ids_depend_only_on_the_incarnation_and_the_order_of_offers()
    {
        static IReadOnlyList<string> Run(string incarnation)
        {
            var driver = new DeciderDriver(incarnation: incarnation).Start();
            driver.Report(Dense, DenseTrainedReport());
            driver.RecordAll();
            return driver.Offered;
        }

        Assert.Equal(Run("a1"), Run("a1"));
        Assert.Equal(["sweep-1/cifar2/dense-training/a1-1", "sweep-1/cifar2/repetition-0/a1-2", "sweep-1/cifar2/repetition-1/a1-3"], Run("a1"));
        Assert.Empty(Run("a1").Intersect(Run("b2"))); // a new incarnation never reuses an id of the old one
    }

    public static TheoryData<int, string[]> Prefixes() => new()
    {
        { 0, ["Offer dense training"] },
        { 1, ["Offer repetition 0 from 1", "Offer repetition 1 from 1"] },
        { 2, ["Offer repetition 0 from 1 (measure)", "Offer repetition 1 from 1"] },
        { 3, ["Offer repetition 0 from 2", "Offer repetition 1 from 1"] },
        { 4, ["Offer repetition 0 from 2 (measure)", "Offer repetition 1 from 1"] },
        { 5, ["Offer repetition 1 from 1"] }, // repetition 0's steps are all in: its completion is recorded instead
        { 6, ["Offer repetition 1 from 1"] },
        { 7, ["Offer repetition 1 from 1 (measure)"] },
        { 8, ["Offer repetition 1 from 2"] },
        { 9, ["Offer repetition 1 from 2 (measure)"] },
        { 10, [] },
        { 11, ["Finish (2 completed, 0 failed)"] },
    };

    [Theory]
    [MemberData(nameof(Prefixes))]
    public void Resumed_from_any_prefix_of_a_run_it_offers_each_repetition_from_its_first_unrecorded_step(int recorded, string[] expected)
    {
        var driver = new DeciderDriver().Start(WholeRun[..recorded]);

        Assert.Equal(expected, DeciderText.Commands(driver.Last));
        var completionsLost = Enumerable.Range(0, 2).Where(r => recorded == (r == 0 ? 5 : 10)).Select(r => $"RepetitionCompleted r{r} → FinishIfDone");
        Assert.Equal(completionsLost, DeciderText.Records(driver.Last));
    }

    [Theory]
    [MemberData(nameof(Prefixes))]
    public void A_journal_holding_every_event_twice_resumes_exactly_as_one_holding_each_once(int recorded, string[] _)
    {
        var once = new DeciderDriver().Start(WholeRun[..recorded]);
        var twice = new DeciderDriver().Start(WholeRun[..recorded].SelectMany(e => new[] { e, e }).ToArray());

        Assert.Equal(once.State.Recorded.StepsRecorded, twice.State.Recorded.StepsRecorded);
        Assert.Equal(DeciderText.All(once.Last), DeciderText.All(twice.Last));
        Assert.Equal(DeciderText.Records(once.Last), DeciderText.Records(twice.Last));
    }

    public static TheoryData<string, IPipelineEvent[], string[]> FailedJournals() => new()
    {
        { "a dense attempt failed", [new DenseAttemptFailed(Problem, 1, "oom")], ["Offer dense training"] },
        { "the dense training failed", [new DenseAttemptFailed(Problem, 1, "oom"), new DenseFailed(Problem, 1, "oom")], ["Finish (0 completed, 0 failed, dense failed)"] },
        { "repetition 0 failed twice", [DenseTrainedEvent(), new RepetitionAttemptFailed(Problem, 0, 1, "x"), new RepetitionAttemptFailed(Problem, 0, 2, "x")],
            ["Offer repetition 0 from 1", "Offer repetition 1 from 1"] },
        { "repetition 0 failed", [DenseTrainedEvent(), new RepetitionAttemptFailed(Problem, 0, 1, "x"), new RepetitionFailed(Problem, 0, 1, "x")], ["Offer repetition 1 from 1"] },
        { "both failed", [DenseTrainedEvent(), new RepetitionFailed(Problem, 0, 3, "x"), new RepetitionFailed(Problem, 1, 3, "y")], ["Finish (0 completed, 2 failed)"] },
        { "one failed, one completed", [DenseTrainedEvent(), new RepetitionFailed(Problem, 0, 3, "x"), .. CompletedRepetition(1)], ["Finish (1 completed, 1 failed)"] },
    };

    [Theory]
    [MemberData(nameof(FailedJournals))]
    public void Resumed_after_failures_it_offers_only_what_is_unfinished_and_no_backoff_survives_a_restart(string journal, IPipelineEvent[] events, string[] expected)
    {
        var driver = new DeciderDriver().Start(events);

        Assert.True(expected.SequenceEqual(DeciderText.Commands(driver.Last)), $"{journal}: {string.Join(" | ", DeciderText.Commands(driver.Last))}");
        Assert.Empty(driver.Last.Records);
    }

    [Fact]
    public void A_resumed_repetition_counts_its_attempts_on_from_the_journal()
    {
        var driver = new DeciderDriver().Start(DenseTrainedEvent(), new RepetitionAttemptFailed(Problem, 0, 1, "x"), new RepetitionAttemptFailed(Problem, 0, 2, "x"));

        var failed = driver.Report(Rep(0), new RepetitionErrorReport(0, "again"));

        Assert.Equal(["RepetitionAttemptFailed r0 #3: again → RetryOrGiveUp"], DeciderText.Records(failed));
    }

    [Fact]
    public void Asked_again_while_its_work_is_live_it_offers_nothing_twice()
    {
        var driver = new DeciderDriver().Start(DenseTrainedEvent());

        Assert.Empty(DeciderText.Commands(driver.Send(RunRequested.Instance)));
        Assert.Equal(2, driver.State.Live.Count);
    }

    [Fact]
    public void A_finished_problem_answers_every_time_it_is_asked_and_starts_nothing()
    {
        var driver = new DeciderDriver().Start(WholeRun);

        Assert.Equal(["Finish (2 completed, 0 failed)"], DeciderText.Commands(driver.Last));
        Assert.Equal(["Finish (2 completed, 0 failed)"], DeciderText.Commands(driver.Send(RunRequested.Instance)));
        Assert.Empty(driver.State.Live);
    }

    [Fact]
    public void A_whole_run_records_every_step_once_in_the_order_reported_and_finishes_once_with_the_fold_of_its_journal()
    {
        var driver = new DeciderDriver().Start();
        driver.Report(Dense, DenseTrainedReport());
        driver.RecordAll();
        // Two workers, interleaved: each waits for its step to be recorded before it goes on.
        foreach (int iteration in new[] { 1, 2 })
            foreach (int repetition in new[] { 1, 0 })
            {
                driver.Report(Rep(repetition), TrainedReport(repetition, iteration));
                driver.RecordAll();
                Assert.Equal([$"Confirm r{repetition} i{iteration} trained to held"], DeciderText.Commands(driver.Last));
                driver.Report(Rep(repetition), MeasuredReport(repetition, iteration));
                driver.RecordAll();
            }
        driver.Report(Rep(0), new RepetitionDoneReport(0));
        driver.RecordAll();
        Assert.Empty(DeciderText.Commands(driver.Last)); // repetition 1 is still running
        driver.Report(Rep(1), new RepetitionDoneReport(1));
        driver.RecordAll();

        Assert.Equal(
        [
            "DenseTrained cifar2/dense/final.pt cifar2/dense/rewind-epoch003.pt",
            "IterationTrained r1 i1", "SimilarityMeasured r1 i1", "IterationTrained r0 i1", "SimilarityMeasured r0 i1",
            "IterationTrained r1 i2", "SimilarityMeasured r1 i2", "IterationTrained r0 i2", "SimilarityMeasured r0 i2",
            "RepetitionCompleted r0", "RepetitionCompleted r1",
        ], driver.Journal.Select(DeciderText.Of));
        var finishes = driver.Decisions.SelectMany(d => d.Commands).OfType<FinishProblem>().ToList();
        var finish = Assert.Single(finishes);
        Assert.Equal(ProblemState.Fold(Problem, driver.Journal).StepsRecorded, finish.State.StepsRecorded);
        Assert.Equal(9, finish.State.StepsRecorded);
        Assert.Equal("Progress 9/9 finished", DeciderText.All(driver.Last).Last(c => c.StartsWith("Progress")));
        Assert.Empty(driver.State.Live);
        Assert.Equal(0, driver.State.RecordsInFlight);
    }

    [Fact]
    public void Progress_is_published_after_every_recorded_event_and_never_goes_back()
    {
        var driver = new DeciderDriver(repetitions: 1, iterations: 1).Start();
        driver.Report(Dense, DenseTrainedReport());
        driver.RecordAll();
        driver.Report(Rep(0), TrainedReport(0, 1));
        driver.RecordAll();
        driver.Report(Rep(0), MeasuredReport(0, 1));
        driver.RecordAll();
        driver.Report(Rep(0), new RepetitionDoneReport(0));
        driver.RecordAll();

        var progress = driver.Decisions.SelectMany(d => d.Commands).OfType<PublishProgress>().Select(p => p.Progress).ToList();
        Assert.Equal([0, 1, 2, 3, 3], progress.Select(p => p.StepsDone));
        Assert.All(progress, p => Assert.Equal(3, p.StepsTotal));
        Assert.Equal([false, false, false, false, true], progress.Select(p => p.Finished));
    }

    [Fact]
    public void The_same_inputs_give_the_same_decisions()
    {
        static IReadOnlyList<string> Run()
        {
            var driver = new DeciderDriver().Start(DenseTrainedEvent());
            driver.Report(Rep(0), new WorkerCrashReport("bug"));
            driver.RecordAll();
            driver.Send(new RetryDue(Rep(0)));
            driver.Report(Rep(1), new StorageFaultReport("/x", "full"));
            return driver.Decisions.SelectMany(d => DeciderText.Records(d).Concat(DeciderText.All(d))).ToList();
        }

        Assert.Equal(Run(), Run());
    }
}
