using ActorPipeline.Actors.Wire;
using Akka.Actor;

namespace ActorPipeline.Tests.Serialization;

/// <summary>
/// A filled-in instance of every wire message, each named after its manifest (and a variant where one message has
/// two shapes, e.g. a dense and a repetition order): the name of its golden JSON in Golden/. Optional fields set and
/// unset, and the doubles JSON gets wrong most easily (NaN, negative zero, 1e-300, infinities).
/// </summary>
internal static class WireMessageSamples
{
    private const string AssignmentId = "fake-0123abcd/cifar2/repetition-2/1a2b3c4d-7";
    private const string TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    /// <summary>The samples' names (for a theory's data: the samples themselves need an actor ref).</summary>
    public static IEnumerable<string> Names => All(ActorRefs.Nobody).Select(s => s.Name);

    public static IReadOnlyList<(string Name, IWireMessage Message)> All(IActorRef reportTo) =>
    [
        ("register-node.v2", new RegisterNode(new NodeDescription("gpu-2:4053", ["cuda:0", "cuda:1"], 2))),
        // The plan travels as text (ProblemPlanWire reads it): its JSON here is any text, the contract is the two strings.
        ("node-registered.v2", new NodeRegistered("fake-0123abcd", "9e107d9d372bb6826bd81d3542a419d6",
            [new ProblemPlanJson("""{"Problem":"cifar2","Iterations":2}""", "a1b2c3d4e5f6"), new ProblemPlanJson("""{"Problem":"cifar4"}""", "0f1e2d3c4b5a")])),
        ("node-unknown.v1", NodeUnknown.Instance),
        ("node-declined.v1", new NodeDeclined("--sweep-folder /mnt/sweeps holds no sweep.json: it is the folder above a sweep: pass --sweep-folder /mnt/sweeps/sweep-paper-2afb0a18f7e0")),
        ("request-work.v2", new RequestWork(3, 17, ["cifar2-dense-a1", "cifar4-r3-a2"])),
        ("assign-work.v2.repetition", new AssignWork(AssignmentId, "cifar2", 2, new StartStep(2, MeasureOnly: true), "artifacts/cifar2/dense", "artifacts/cifar2/rep-02", TraceParent, reportTo)),
        ("assign-work.v2.dense", new AssignWork("fake-0123abcd/cifar2/dense-training/1a2b3c4d-1", "cifar2", -1, Start: null, "artifacts/cifar2/dense", "artifacts/cifar2/dense", TraceParent: null, reportTo)),
        ("cancel-assignment.v1", new CancelAssignment(AssignmentId)),
        ("assignment-ended.v1", new AssignmentEnded(AssignmentId)),
        ("sweep-completed.v1", new SweepCompleted("fake-0123abcd")),
        ("report-dense-trained.v3", new AssignmentReport.DenseTrained(AssignmentId, "artifacts/cifar2/dense/final.pt", "artifacts/cifar2/dense/rewind-epoch003.pt", 50, 0.9125)
        {
            Provenance = new ProvenanceValue("127.0.0.1:4071", "cuda:0", "NVIDIA H100 80GB HBM3", "2.10.0", "0.107.0", 2, true, "c58f30108f718f92721af3b95e74349a"),
            SeedBaselines =
            [
                new SeedBaselineValue(1, 4611686018427387903, 50, 0.9, [new LayerMeasurement("conv1", 0, 2048, new Dictionary<string, double> { ["cka"] = 0.875 }, new Dictionary<string, string>(), [])]),
            ],
        }),
        ("report-dense-error.v1", new AssignmentReport.DenseError(AssignmentId, "dense training failed: CUDA error: out of memory", Deterministic: false)),
        ("report-iteration-trained.v2", new AssignmentReport.IterationTrained(AssignmentId, 2, 1, 0.1, 0.2, -0.0, 1e-300, 50)
        {
            Provenance = new ProvenanceValue("worker-b:4072", "cpu", "AMD EPYC 7B13", "2.10.0", "0.107.0", 1, false, "c58f30108f718f92721af3b95e74349a"),
        }),
        ("report-iteration-measured.v3", new AssignmentReport.IterationMeasured(AssignmentId, 2, 1,
        [
            new LayerMeasurement("conv1", 0, 2048, new Dictionary<string, double> { ["svcca"] = 0.9731, ["pwcca"] = double.NaN, ["cka"] = -0.0, ["tiny"] = 1e-300 },
                new Dictionary<string, string>(), ["SVCCA: 3 of 16 directions kept (rank deficient)"])
            {
                IntrinsicDimension = new IntrinsicDimensionValue(17.25, null, 400, 16_384, 1, 2),
                DenseIntrinsicDimension = new IntrinsicDimensionValue(null, "every point is a duplicate", 400, 16_384, 400, 0),
            },
            new LayerMeasurement("fc1", 1, 2048, new Dictionary<string, double> { ["svcca"] = double.PositiveInfinity, ["cka"] = double.NegativeInfinity },
                new Dictionary<string, string> { ["twonn"] = "duplicate points" }, []),
        ])
        {
            Provenance = new ProvenanceValue("worker-b:4072", "cpu", "AMD EPYC 7B13", "2.10.0", "0.107.0", 1, false, "c58f30108f718f92721af3b95e74349a"),
        }),
        ("report-repetition-done.v1", new AssignmentReport.RepetitionDone(AssignmentId, 2)),
        ("report-repetition-error.v1", new AssignmentReport.RepetitionError(AssignmentId, 2, "training failed: IOException: disk on fire", Deterministic: true)),
        ("report-storage-fault.v1", new AssignmentReport.StorageFault(AssignmentId, "/sweeps/s1/artifacts/cifar2/rep-02/iteration-01.pt", "No space left on device")),
        ("report-worker-crash.v1", new AssignmentReport.WorkerCrash(AssignmentId, "NullReferenceException: Object reference not set to an instance of an object.")),
        ("step-recorded.v1", new StepRecorded(2, 1)),
    ];
}
