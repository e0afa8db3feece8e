using ActorPipeline.Actors.Compute;
using ActorPipeline.Actors.Events;
using ActorPipeline.Actors.Plans;
using ActorPipeline.Actors.Problems;
using ActorPipeline.Actors.Repetitions;
using ActorPipeline.Ml.Experiments;
using ActorPipeline.Tests.Actors;

// Not ActorPipeline.Tests.Problems: that namespace would hide Ml.Data.Problems from the other tests.
namespace ActorPipeline.Tests.ProblemDecisions;

/// <summary>
/// Plays the supervisor's part around a <see cref="ProblemDecider"/>, without an actor system: feeds it inputs, keeps its
/// state, holds the events it asks to record until the test records them (a journal that answers when told), and keeps
/// every id it offered. Everything here is data; nothing waits.
/// </summary>
internal sealed class DeciderDriver
{
    public const string Problem = "cifar2";
    public const string SweepId = "sweep-1";
    public const string Incarnation = "inc1";
    /// <summary>Absolute, so the recorded paths do not depend on the current folder.</summary>
    public const string ArtifactFolder = "/sweeps/s1/artifacts";
    public static readonly RetryPolicy Retries = new() { MaxRetries = 2, MinBackoff = TimeSpan.FromSeconds(2), MaxBackoff = TimeSpan.FromSeconds(8) };

    private readonly List<string> _offered = [];

    public DeciderDriver(int repetitions = 2, int iterations = 2, RetryPolicy? retries = null, string incarnation = Incarnation)
    {
        Plan = FakePlans.Problem(Problem, repetitions, iterations);
        Decider = new ProblemDecider(SweepId, Plan, ArtifactFolder, retries ?? Retries, incarnation);
        State = Decider.Initial;
    }

    public ProblemPlan Plan { get; }
    public ProblemDecider Decider { get; }
    public ProblemDeciderState State { get; private set; }
    public ProblemDecision Last { get; private set; } = null!;
    /// <summary>Asked to be recorded, not recorded yet, oldest first.</summary>
    public List<RecordEvent> Pending { get; } = [];
    /// <summary>What the journal holds, in order.</summary>
    public List<IPipelineEvent> Journal { get; } = [];
    /// <summary>Every decision so far, in order.</summary>
    public List<ProblemDecision> Decisions { get; } = [];

    /// <summary>Every assignment id offered so far, live or not.</summary>
    public IReadOnlyList<string> Offered => _offered;

    /// <summary>Ids offered once and no longer live (ended, revoked, withdrawn).</summary>
    public IEnumerable<string> EndedIds => _offered.Where(id => !State.Live.ContainsKey(id));

    public ProblemDecision Send(IProblemInput input)
    {
        Last = Decider.Decide(State, input);
        State = Last.State;
        Pending.AddRange(Last.Records);
        _offered.AddRange(Last.Commands.OfType<OfferAssignment>().Select(o => o.AssignmentId));
        Decisions.Add(Last);
        return Last;
    }

    /// <summary>Starts as the supervisor does: the journal replays <paramref name="journal"/>, then the sweep asks for the problem.</summary>
    public DeciderDriver Start(params IPipelineEvent[] journal)
    {
        Replay(journal);
        Send(RunRequested.Instance);
        return this;
    }

    /// <summary>The journal (re)starts holding <see cref="Journal"/> plus <paramref name="written"/>, as the supervisor's journal client sees it.</summary>
    public void Replay(params IPipelineEvent[] written)
    {
        Journal.AddRange(written);
        Send(new JournalReplayed(Journal.ToList()));
        // The journal client: waiting events the replay holds are done, in order; the others are sent again.
        var replayed = State.Recorded;
        foreach (var record in Pending.ToList().Where(r => replayed.Holds(r.Event)))
        {
            Pending.Remove(record);
            Send(new EventRecorded(record.Event, record.Then));
        }
        Send(ReplaySettled.Instance);
    }

    /// <summary>The journal comes back after an outage; the first <paramref name="writtenBeforeTheOutage"/> waiting events were written (their answers lost).</summary>
    public void Reconnect(int writtenBeforeTheOutage = 0) => Replay(Pending.Take(writtenBeforeTheOutage).Select(r => r.Event).ToArray());

    /// <summary>The journal records the oldest waiting event and answers; returns the decision that follows.</summary>
    public ProblemDecision RecordNext()
    {
        var record = Pending[0];
        Pending.RemoveAt(0);
        Journal.Add(record.Event);
        return Send(new EventRecorded(record.Event, record.Then));
    }

    /// <summary>Records every waiting event, and those their recording asks for, until none waits.</summary>
    public void RecordAll()
    {
        while (Pending.Count > 0) RecordNext();
    }

    public string LiveId(ProblemWork work) => State.LiveAssignmentOf(work) ?? throw new InvalidOperationException($"{work} has no live assignment");

    public ProblemDecision Report(ProblemWork work, IWorkReport report) => Send(new ReportArrived(LiveId(work), report));

    public ProblemDecision Report(string assignmentId, IWorkReport report) => Send(new ReportArrived(assignmentId, report));

    /// <summary>The id the decider gives its <paramref name="serial"/>th offer of <paramref name="work"/>.</summary>
    public static string Id(ProblemWork work, int serial, string incarnation = Incarnation) =>
        $"{SweepId}/{Problem}/{work.ToString().Replace(' ', '-')}/{incarnation}-{serial}";

    // Reports as workers send them, and the events they become.

    public static ProblemWork Dense => DenseWork.Instance;
    public static ProblemWork Rep(int repetition) => new RepetitionWork(repetition);

    /// <summary>Paths relative to the sweep root (/sweeps/s1), as the runner sends them.</summary>
    public static DenseTrainedReport DenseTrainedReport() => new(new DenseOutcome($"{ArtifactFolder}/cifar2/dense/final.pt", $"{ArtifactFolder}/cifar2/dense/rewind-epoch003.pt", 2, 0.9));
    public static DenseTrained DenseTrainedEvent() => new(Problem, "cifar2/dense/final.pt", "cifar2/dense/rewind-epoch003.pt", 2, 0.9);

    public static IterationTrainedReport TrainedReport(int repetition, int iteration) => new(repetition, new IterationOutcome(iteration, 0.1, 0.2, 0.19, 0.5, 3));
    public static IterationTrained Trained(int repetition, int iteration) => StepEvents.Trained(Problem, repetition, TrainedReport(repetition, iteration).Outcome);

    public static SimilarityReport MeasuredReport(int repetition, int iteration) =>
        new(repetition, iteration, [new LayerSimilarity("conv1", 0, 2048, new Dictionary<string, double> { ["svcca"] = 0.5 }, [])]);
    public static SimilarityMeasured Measured(int repetition, int iteration) => StepEvents.Measured(Problem, repetition, iteration, MeasuredReport(repetition, iteration).Layers);

    /// <summary>Every step of a repetition recorded, completion included.</summary>
    public static IPipelineEvent[] CompletedRepetition(int repetition, int iterations = 2) =>
    [
        .. Enumerable.Range(1, iterations).SelectMany(i => new IPipelineEvent[] { Trained(repetition, i), Measured(repetition, i) }),
        new RepetitionCompleted(Problem, repetition),
    ];
}
