using ActorPipeline.Actors.Events;
using ActorPipeline.Actors.Problems;
using ActorPipeline.Actors.Repetitions;
using static ActorPipeline.Tests.ProblemDecisions.DeciderDriver;

namespace ActorPipeline.Tests.ProblemDecisions;

/// <summary>
/// The journal away and back, decided without an actor system: nothing new starts while it cannot record, reports still
/// queue their events, a write whose answer was lost is not repeated, and after a replay the problem goes on only once
/// the events that waited are in (they decide what follows them). Repeated reports are recorded once and answered each.
/// </summary>
public sealed class ProblemDeciderJournalTests
{
    [Fact]
    public void While_the_journal_is_lost_nothing_starts_and_reports_still_queue_their_events()
    {
        var driver = new DeciderDriver().Start();
        driver.Send(JournalLost.Instance);
        Assert.False(driver.State.JournalReady);

        var reported = driver.Report(Dense, DenseTrainedReport());
        Assert.Equal(["DenseTrained cifar2/dense/final.pt cifar2/dense/rewind-epoch003.pt → ContinueProblem"], DeciderText.Records(reported));
        Assert.Empty(DeciderText.Commands(driver.Send(RunRequested.Instance)));
        Assert.Equal(1, driver.State.RecordsInFlight);
    }

    [Fact]
    public void Back_with_events_still_waiting_it_goes_on_only_once_they_are_recorded()
    {
        var driver = new DeciderDriver().Start(DenseTrainedEvent());
        driver.Report(Rep(0), new RepetitionErrorReport(0, "nan"));
        driver.Send(JournalLost.Instance);

        driver.Reconnect(); // the attempt's event was not written: it is sent again
        Assert.Empty(DeciderText.Commands(driver.Last)); // repetition 0 must not start before its failure is recorded
        Assert.True(driver.State.ContinueWhenRecorded);

        var recorded = driver.RecordNext();
        Assert.Equal(["Retry repetition 0 in 2s"], DeciderText.Commands(recorded)); // then continues: repetition 1 is live, 0 backs off
        Assert.False(driver.State.ContinueWhenRecorded);
        Assert.Equal([Rep(1)], driver.State.Live.Values);
    }

    [Fact]
    public void Back_with_nothing_waiting_it_offers_what_the_outage_held_up()
    {
        var driver = new DeciderDriver().Start(DenseTrainedEvent());
        driver.Report(Rep(0), new RepetitionDoneReport(0)); // a report that ends the assignment
        driver.RecordAll();
        driver.Report(Rep(1), new WorkerCrashReport("bug"));
        driver.RecordAll();
        driver.Send(JournalLost.Instance);
        driver.Send(new RetryDue(Rep(1))); // its backoff passes during the outage

        driver.Reconnect();

        Assert.Equal(["Offer repetition 1 from 1"], DeciderText.Commands(driver.Last));
    }

    [Fact]
    public void A_write_whose_answer_was_lost_is_not_recorded_again_and_what_follows_it_happens_once()
    {
        var driver = new DeciderDriver().Start();
        driver.Report(Dense, DenseTrainedReport());
        driver.Send(JournalLost.Instance);

        driver.Reconnect(writtenBeforeTheOutage: 1);

        Assert.Empty(driver.Pending);
        Assert.Single(driver.Journal.OfType<DenseTrained>());
        Assert.Equal(2, driver.Decisions.SelectMany(d => d.Commands).OfType<OfferAssignment>().Count(o => o.Work is RepetitionWork));
        Assert.Equal([Rep(0), Rep(1)], driver.State.Live.Values.Order(Comparer<ProblemWork>.Create((a, b) => ((RepetitionWork)a).Repetition - ((RepetitionWork)b).Repetition)));
    }

    [Fact]
    public void Of_two_waiting_events_the_one_written_is_done_and_the_other_is_sent_again_in_order()
    {
        var driver = new DeciderDriver().Start(DenseTrainedEvent());
        driver.Report(Rep(0), TrainedReport(0, 1));
        driver.Report(Rep(1), TrainedReport(1, 1));
        driver.Send(JournalLost.Instance);

        driver.Reconnect(writtenBeforeTheOutage: 1);

        Assert.Equal(["IterationTrained r1 i1 → ConfirmStep"], driver.Pending.Select(DeciderText.Of));
        Assert.True(driver.State.ContinueWhenRecorded);
        driver.RecordAll();
        Assert.Equal(["DenseTrained cifar2/dense/final.pt cifar2/dense/rewind-epoch003.pt", "IterationTrained r0 i1", "IterationTrained r1 i1"], driver.Journal.Select(DeciderText.Of));
        Assert.Equal(0, driver.State.RecordsInFlight);
        Assert.False(driver.State.ContinueWhenRecorded);
    }

    [Fact]
    public void A_step_reported_again_while_it_waits_for_the_journal_is_recorded_once_and_everyone_who_reported_it_is_answered()
    {
        var driver = new DeciderDriver().Start(DenseTrainedEvent());
        driver.Send(JournalLost.Instance);

        var first = driver.Report(Rep(0), TrainedReport(0, 1));
        var second = driver.Report(Rep(0), TrainedReport(0, 1));
        Assert.Equal(["Hold for r0 i1 trained"], DeciderText.Commands(first));
        Assert.Equal(["Hold for r0 i1 trained"], DeciderText.Commands(second));
        Assert.Empty(second.Records);

        driver.Reconnect();
        var recorded = driver.RecordNext();
        Assert.Equal(["Confirm r0 i1 trained to held"], DeciderText.Commands(recorded));
        Assert.Single(driver.Journal.OfType<IterationTrained>());
        Assert.Empty(driver.State.StepsBeingRecorded);

        var third = driver.Report(Rep(0), TrainedReport(0, 1));
        Assert.Equal(["Confirm r0 i1 trained now"], DeciderText.Commands(third));
        Assert.Empty(third.Records);
    }

    [Fact]
    public void A_lost_journal_before_the_first_replay_changes_nothing_but_readiness()
    {
        var driver = new DeciderDriver();

        var lost = driver.Send(JournalLost.Instance);

        Assert.Empty(lost.Commands);
        Assert.False(driver.State.JournalReady);
        Assert.Equal(["Offer dense training"], DeciderText.Commands(driver.Start().Last));
    }

    [Fact]
    public void An_event_recorded_that_the_state_already_holds_folds_to_the_same_state()
    {
        var driver = new DeciderDriver().Start(DenseTrainedEvent(), Trained(0, 1));
        var before = driver.State.Recorded;

        driver.Send(new EventRecorded(Trained(0, 1), AfterRecord.ConfirmStep));

        Assert.Equal(before.StepsRecorded, driver.State.Recorded.StepsRecorded);
        Assert.Empty(DeciderText.Commands(driver.Last)); // nobody was held for it
    }
}
