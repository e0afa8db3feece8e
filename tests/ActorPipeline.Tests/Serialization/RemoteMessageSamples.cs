using ActorPipeline.Actors.Compute;
using ActorPipeline.Actors.Dispatch;
using ActorPipeline.Actors.Events;
using ActorPipeline.Actors.Plans;
using ActorPipeline.Actors.Problems;
using ActorPipeline.Actors.Repetitions;
using ActorPipeline.Actors.Serialization;
using ActorPipeline.Actors.Sweeps;
using ActorPipeline.Ml.Experiments;
using ActorPipeline.Tests.Actors;
using Akka.Actor;

namespace ActorPipeline.Tests.Serialization;

/// <summary>
/// A filled-in instance of every remote message, each under a name of its own: every report kind, optional fields set and
/// unset, and the doubles JSON gets wrong most easily (NaN, negative zero, 1e-300, infinities).
/// </summary>
internal static class RemoteMessageSamples
{
    private static readonly DateTime At = new DateTime(2025, 3, 14, 15, 9, 26, DateTimeKind.Utc).AddTicks(5358979);

    /// <summary>The samples' names (for a theory's data: the samples themselves need an actor ref).</summary>
    public static IEnumerable<string> Names => All(ActorRefs.Nobody).Select(s => s.Name);

    public static IReadOnlyList<(string Name, IRemoteMessage Message)> All(IActorRef reportTo)
    {
        var plan = FakePlans.Problem("cifar2", repetitions: 3, iterations: 2) with { GradientClipNorm = 1.5, Patience = 4, TrainLimit = 120 };
        var repetitionOrder = new WorkOrder("cifar2-1a2b3c4d-7", plan, 2, new RepetitionStep(2, MeasureOnly: true), "cifar2/dense", "cifar2/rep-02", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", reportTo);
        var denseOrder = new WorkOrder("cifar2-1a2b3c4d-1", plan, -1, Start: null, "cifar2/dense", "cifar2/dense", TraceParent: null, reportTo);
        return
        [
            ("offer-work (repetition)", new OfferWork(repetitionOrder)),
            ("offer-work (dense)", new OfferWork(denseOrder)),
            ("withdraw-work", new WithdrawWork("cifar2-1a2b3c4d-7")),
            ("work-assigned", new WorkAssigned("cifar2-1a2b3c4d-7", "gpu-2:4053")),
            ("assignment-revoked", new AssignmentRevoked("cifar2-1a2b3c4d-7", "node gpu-2:4053 was lost")),
            ("register-node", new RegisterNode(new NodeDescription("gpu-2:4053", ["cuda:0", "cuda:1"], 2))),
            ("node-registered", new NodeRegistered("fake-0123abcd", "9e107d9d372bb6826bd81d3542a419d6")),
            ("request-work", new RequestWork(3, 17)),
            ("node-unknown", NodeUnknown.Instance),
            ("assign-work (repetition)", new AssignWork(repetitionOrder)),
            ("assign-work (dense)", new AssignWork(denseOrder)),
            ("cancel-assignment", new CancelAssignment("cifar2-1a2b3c4d-7")),
            ("assignment-ended", new AssignmentEnded("cifar2-1a2b3c4d-7")),
            ("dispatch-status", new DispatchStatus(
                [new NodeStatus("gpu-2:4053", ["cuda:0", "cuda:1"], 2, At, [new RunningWork("cifar2-1a2b3c4d-7", "cifar2", 2, At.AddMinutes(3))])],
                [new LostNode("gpu-3:4053", At.AddHours(1), 2)], 4, At.AddHours(2))),
            ("sweep-completed", new SweepCompleted("fake-0123abcd")),
            .. Reports().Select(r => ($"assignment-report ({r.GetType().Name})", (IRemoteMessage)new AssignmentReport("cifar2-1a2b3c4d-7", r))),
            ("step-recorded", new StepRecorded(2, 1)),
            ("run-sweep", new RunSweep("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")),
            ("run-sweep (no trace)", new RunSweep(null)),
            ("sweep-outcome", new SweepOutcome("fake-0123abcd",
            [
                new ProblemOutcome("cifar2", State("cifar2")),
                new ProblemOutcome("cifar4", new ProblemState("cifar4"), "its supervisor stopped 4 times"),
                new ProblemOutcome("cifar8", new ProblemState("cifar8").Apply(new DenseAttemptFailed("cifar8", 4, "CUDA error")).Apply(new DenseFailed("cifar8", 4, "CUDA error"))),
            ])),
        ];
    }

    /// <summary>One of every report kind a worker sends.</summary>
    public static IReadOnlyList<IWorkReport> Reports() =>
    [
        new WorkerCrashReport("NullReferenceException: Object reference not set to an instance of an object."),
        new DenseTrainedReport(new DenseOutcome("cifar2/dense/final.pt", "cifar2/dense/rewind-epoch001.pt", 50, 0.9125)),
        new DenseErrorReport("dense training failed: CUDA error: out of memory"),
        new IterationTrainedReport(2, new IterationOutcome(1, 0.1, 0.2, -0.0, 1e-300, 50)),
        new SimilarityReport(2, 1,
        [
            new LayerSimilarity("conv1", 0, 2048, new Dictionary<string, double> { ["svcca"] = 0.9731, ["pwcca"] = double.NaN, ["cka"] = -0.0, ["tiny"] = 1e-300 },
                ["SVCCA: 3 of 16 directions kept (rank deficient)"]),
            new LayerSimilarity("fc1", 1, 2048, new Dictionary<string, double> { ["svcca"] = double.PositiveInfinity, ["cka"] = double.NegativeInfinity }, []),
        ]),
        new RepetitionDoneReport(2),
        new RepetitionErrorReport(2, "training failed: IOException: disk on fire"),
        new StorageFaultReport("/sweeps/s1/cifar2/rep-02/iteration-01.pt", "No space left on device"),
    ];

    /// <summary>A problem's state with every kind of record: the dense network, trained and measured iterations, attempts and outcomes.</summary>
    private static ProblemState State(string problem) => ProblemState.Fold(problem,
    [
        new DenseAttemptFailed(problem, 1, "CUDA error"),
        new DenseTrained(problem, "cifar2/dense/final.pt", "cifar2/dense/rewind-epoch001.pt", 50, 0.9125),
        new IterationTrained(problem, 0, 1, 0.1, 0.2, 0.19, double.NaN, 50),
        new SimilarityMeasured(problem, 0, 1, [new LayerMetrics("conv1", 0, new Dictionary<string, double> { ["svcca"] = -0.0, ["cka"] = double.NaN, ["pwcca"] = 1e-300 })]),
        new RepetitionCompleted(problem, 0),
        new RepetitionAttemptFailed(problem, 1, 1, "IOException: disk on fire"),
        new IterationTrained(problem, 1, 1, 0.1, 0.2, 0.19, 0.5, 50),
        new RepetitionAttemptFailed(problem, 2, 3, "CUDA error"),
        new RepetitionFailed(problem, 2, 3, "CUDA error"),
    ]);
}
