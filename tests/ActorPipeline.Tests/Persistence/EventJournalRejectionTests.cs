using ActorPipeline.Actors.Events;
using ActorPipeline.Actors.Persistence;
using ActorPipeline.Actors.Problems;
using ActorPipeline.Tests.Actors;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Xunit.Abstractions;

namespace ActorPipeline.Tests.Persistence;

/// <summary>
/// A journal that answers but rejects a write (e.g. a sequence number another writer took): the journal actor's numbering
/// is wrong from there on, so it says the journal is unavailable and starts over from the journal, where the rejected
/// event is not; its owner sends it again, and it is recorded once.
/// </summary>
public sealed class EventJournalRejectionTests(ITestOutputHelper output) : TestKit(ActorTestConfig.WithFailingJournal, output: output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly JournalBackoff QuickBackoff = new(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(100));
    private readonly string _sweepId = "rejected-" + Guid.NewGuid().ToString("N")[..8];
    private static readonly DenseTrained Dense = new("cifar2", "cifar2/dense/final.pt", "cifar2/dense/rewind.pt", 2, 0.9);

    [Fact]
    public async Task A_rejected_write_is_reported_unavailable_and_the_journal_starts_over_without_it()
    {
        string persistenceId = PersistenceIds.Problem(_sweepId, "cifar2");
        var journal = Sys.ActorOf(EventJournal.Props(persistenceId, TestActor, QuickBackoff));
        Assert.Empty(ExpectMsg<JournalReady>(Timeout).Events);
        FailingJournal.RejectWrites(persistenceId, e => e is DenseTrained);

        journal.Tell(new PersistEvent(1, Dense));

        var unavailable = ExpectMsg<JournalUnavailable>(Timeout);
        Assert.Equal(persistenceId, unavailable.PersistenceId);
        Assert.Contains("injected rejection", unavailable.Reason);
        Assert.Empty(ExpectMsg<JournalReady>(Timeout).Events); // started over: the rejected event is not in the journal
        journal.Tell(new PersistEvent(2, Dense));
        Assert.Equal(new EventPersisted(2), ExpectMsg<EventPersisted>(Timeout)); // never a confirmation of the rejected one
        Assert.Equal([Dense], await JournalAccess.Read(Sys, persistenceId));
    }

    [Fact]
    public async Task A_supervisor_whose_step_is_rejected_records_it_once_after_the_journal_starts_over_with_no_failed_attempt()
    {
        var compute = new FakeCompute();
        var faults = CreateTestProbe();
        Sys.EventStream.Subscribe(faults, typeof(JournalFault));
        Sys.EventStream.Subscribe(faults, typeof(JournalRecovered));
        string persistenceId = PersistenceIds.Problem(_sweepId, "cifar2");
        FailingJournal.RejectWrites(persistenceId, e => e is DenseTrained);
        var plan = FakePlans.Problem(repetitions: 1, iterations: 1);
        var supervisor = Sys.ActorOf(ProblemSupervisor.Props(_sweepId, plan, "artifacts", FakePlans.QuickRetries,
            LocalNodes.Dispatcher(Sys, compute, slots: 1, plan), QuickBackoff));

        supervisor.Tell(new RunProblem(TraceParent: null));

        Assert.Contains("injected rejection", faults.ExpectMsg<JournalFault>(Timeout).Reason);
        Assert.Equal(persistenceId, faults.ExpectMsg<JournalRecovered>(Timeout).PersistenceId);
        var outcome = ExpectMsg<ProblemOutcome>(Timeout);
        Assert.True(outcome.State.Repetition(0).Completed);
        var journal = await JournalAccess.Read(Sys, persistenceId);
        Assert.Single(journal.OfType<DenseTrained>());
        Assert.Empty(journal.OfType<DenseAttemptFailed>());
        Assert.Equal(1, compute.CountOf(ComputeCall.TrainDense("cifar2"))); // its work is not done again
    }
}
