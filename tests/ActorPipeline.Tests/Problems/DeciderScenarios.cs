using ActorPipeline.Actors.Events;
using ActorPipeline.Actors.Problems;
using ActorPipeline.Actors.Repetitions;
using static ActorPipeline.Tests.ProblemDecisions.DeciderDriver;

namespace ActorPipeline.Tests.ProblemDecisions;

/// <summary>
/// The states a problem's work can be in, each built the way it happens (through the decider's own inputs), with what the
/// test knows about it: which work has a live assignment, how many attempts and which steps of it are recorded, which
/// are being recorded. Plans of 2 repetitions of 2 iterations; the work under test is the dense training or repetition 0.
/// </summary>
internal sealed record DeciderScenario(string Name, ProblemWork? LiveWork, int Attempts, string[] RecordedSteps, string[] StepsInFlight, Action<DeciderDriver> Build)
{
    /// <summary>Storage faults of the work in a row so far.</summary>
    public int StorageFaults { get; init; }

    public override string ToString() => Name;

    public DeciderDriver Driver()
    {
        var driver = new DeciderDriver();
        Build(driver);
        return driver;
    }

    public static IReadOnlyList<DeciderScenario> All { get; } =
    [
        new("dense not started (journal not replayed)", null, 0, [], [], d => d.Send(RunRequested.Instance)),
        new("dense queued", Dense, 0, [], [], d => d.Start()),
        new("dense trained, not recorded yet", null, 0, [], [], d =>
        {
            d.Start();
            d.Report(Dense, DenseTrainedReport());
        }),
        new("dense retried after a failed attempt", Dense, 1, [], [], d =>
        {
            d.Start();
            d.Report(Dense, new DenseErrorReport("oom"));
            d.RecordAll();
            d.Send(new RetryDue(Dense));
        }),
        new("dense backing off", null, 1, [], [], d =>
        {
            d.Start();
            d.Report(Dense, new DenseErrorReport("oom"));
            d.RecordAll();
        }),
        new("dense failed", null, 1, [], [], d =>
        {
            d.Start();
            d.Report(Dense, new DenseErrorReport("bad plan", Deterministic: true));
            d.RecordAll();
        }),
        new("dense queued, journal lost", Dense, 0, [], [], d =>
        {
            d.Start();
            d.Send(JournalLost.Instance);
        }),
        new("repetition queued", Rep(0), 0, [], [], d => d.Start(DenseTrainedEvent())),
        new("repetition running (iteration 1 trained)", Rep(0), 0, ["T1"], [], d => d.Start(DenseTrainedEvent(), Trained(0, 1))),
        new("repetition running, a step being recorded", Rep(0), 0, [], ["T1"], d =>
        {
            d.Start(DenseTrainedEvent());
            d.Report(Rep(0), TrainedReport(0, 1));
        }),
        new("repetition running (iteration 1 measured)", Rep(0), 0, ["T1", "S1"], [], d => d.Start(DenseTrainedEvent(), Trained(0, 1), Measured(0, 1))),
        new("repetition re-offered after its node was lost", Rep(0), 0, [], [], d =>
        {
            d.Start(DenseTrainedEvent());
            d.Send(new RevocationArrived(d.LiveId(Rep(0)), "node a was lost"));
        }),
        new("repetition retried after a failed attempt", Rep(0), 1, [], [], d =>
        {
            d.Start(DenseTrainedEvent());
            d.Report(Rep(0), new RepetitionErrorReport(0, "nan"));
            d.RecordAll();
            d.Send(new RetryDue(Rep(0)));
        }),
        new("repetition retried after a storage fault", Rep(0), 0, [], [], d =>
        {
            d.Start(DenseTrainedEvent());
            d.Report(Rep(0), new StorageFaultReport("/sweeps/s1/artifacts/cifar2/rep-00/x.pt", "disk full"));
            d.Send(new RetryDue(Rep(0)));
        }) { StorageFaults = 1 },
        new("repetition backing off", null, 1, [], [], d =>
        {
            d.Start(DenseTrainedEvent());
            d.Report(Rep(0), new WorkerCrashReport("bug"));
            d.RecordAll();
        }),
        new("repetition recorded", null, 0, ["T1", "S1", "T2", "S2"], [], d => d.Start([DenseTrainedEvent(), .. CompletedRepetition(0)])),
        new("repetition failed", null, 1, [], [], d => d.Start(DenseTrainedEvent(), new RepetitionAttemptFailed(Problem, 0, 1, "x"), new RepetitionFailed(Problem, 0, 1, "x"))),
        new("repetition queued, journal lost", Rep(0), 0, [], [], d =>
        {
            d.Start(DenseTrainedEvent());
            d.Send(JournalLost.Instance);
        }),
        new("problem finished", null, 0, ["T1", "S1", "T2", "S2"], [], d => d.Start([DenseTrainedEvent(), .. CompletedRepetition(0), .. CompletedRepetition(1)])),
    ];

    /// <summary>Every report a worker of the dense training or of repetition 0 can send.</summary>
    public static IReadOnlyList<(string Name, IWorkReport Report)> Reports { get; } =
    [
        ("dense trained", DenseTrainedReport()),
        ("dense error", new DenseErrorReport("oom")),
        ("dense error, deterministic", new DenseErrorReport("bad plan", Deterministic: true)),
        ("iteration 1 trained", TrainedReport(0, 1)),
        ("iteration 1 measured", MeasuredReport(0, 1)),
        ("iteration 2 trained", TrainedReport(0, 2)),
        ("repetition done", new RepetitionDoneReport(0)),
        ("repetition error", new RepetitionErrorReport(0, "nan")),
        ("repetition error, deterministic", new RepetitionErrorReport(0, "collapsed", Deterministic: true)),
        ("storage fault", new StorageFaultReport("/sweeps/s1/artifacts/cifar2/rep-00/x.pt", "disk full")),
        ("worker crash", new WorkerCrashReport("NullReferenceException")),
    ];

    public static DeciderScenario Named(string name) => All.Single(s => s.Name == name);

    public static IWorkReport Report(string name) => Reports.Single(r => r.Name == name).Report;

    /// <summary>The reports the worker of <paramref name="work"/> sends.</summary>
    public static IEnumerable<string> ReportsOf(ProblemWork work) => work is DenseWork
        ? ["dense trained", "dense error", "dense error, deterministic", "storage fault", "worker crash"]
        : ["iteration 1 trained", "iteration 1 measured", "iteration 2 trained", "repetition done", "repetition error", "repetition error, deterministic", "storage fault", "worker crash"];
}
