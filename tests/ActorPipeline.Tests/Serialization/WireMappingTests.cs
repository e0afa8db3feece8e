using System.Text.Json;
using System.Text.Json.Nodes;
using ActorPipeline.Actors.Compute;
using ActorPipeline.Actors.Dispatch;
using ActorPipeline.Actors.Plans;
using ActorPipeline.Actors.Repetitions;
using ActorPipeline.Actors.Wire;
using ActorPipeline.Ml.Experiments;
using ActorPipeline.Tests.Actors;
using Akka.Actor;

namespace ActorPipeline.Tests.Serialization;

/// <summary>
/// Domain ↔ wire where a message leaves or enters a node: a worker's reports (<see cref="WorkReportWire"/>), work orders
/// and plans. The worker's node and the coordinator mount the shared sweep folder at different paths, as in a cluster.
/// </summary>
public sealed class WireMappingTests
{
    private const string WorkerRoot = "/mnt/shared/sweep-1";
    private const string CoordinatorRoot = "/data/sweeps/sweep-1";

    /// <summary>One of every report kind a worker sends, its paths on the node of <paramref name="root"/>.</summary>
    private static IReadOnlyList<IWorkReport> Reports(string root) =>
    [
        new DenseTrainedReport(new DenseOutcome($"{root}/artifacts/cifar2/dense/final.pt", $"{root}/artifacts/cifar2/dense/rewind-epoch003.pt", 50, 0.9125)
        {
            SeedBaselines = [new SeedBaselineResult(2, 99, 50, 0.9, [new LayerSimilarity("conv1", 0, 2048, new Dictionary<string, double> { ["cka"] = 0.875 }, ["warned"])])],
        }),
        new DenseErrorReport("dense training failed: CUDA error: out of memory", Deterministic: true),
        new IterationTrainedReport(2, new IterationOutcome(1, 0.1, 0.2, -0.0, double.NaN, 50)),
        new SimilarityReport(2, 1,
        [
            new LayerSimilarity("conv1", 0, 2048, new Dictionary<string, double> { ["svcca"] = 0.97, ["cka"] = -0.0 }, ["rank deficient"])
            {
                IntrinsicDimension = new LayerIntrinsicDimension(14.5, null, 400, 16_384, 1, 0),
                DenseIntrinsicDimension = new LayerIntrinsicDimension(null, "no ratio left to fit", 400, 16_384, 400, 0),
            },
            new LayerSimilarity("fc1", 1, 2048, new Dictionary<string, double>(), []) { Undefined = new Dictionary<string, string> { ["svcca"] = "collapsed layer" } },
        ]),
        new RepetitionDoneReport(2),
        new RepetitionErrorReport(2, "training failed: IOException: disk on fire"),
        new StorageFaultReport($"{root}/artifacts/cifar2/rep-02/iteration-01.pt", "No space left on device"),
        new WorkerCrashReport("NullReferenceException: Object reference not set to an instance of an object."),
    ];

    [Fact]
    public void Every_report_kind_has_a_wire_form_and_reads_back_as_it_was_sent()
    {
        var kinds = typeof(IWorkReport).Assembly.GetTypes().Where(t => typeof(IWorkReport).IsAssignableFrom(t) && t is { IsInterface: false, IsAbstract: false });
        Assert.Equal(kinds.Select(k => k.Name).Order(), Reports(WorkerRoot).Select(r => r.GetType().Name).Order());

        foreach (var report in Reports(WorkerRoot))
        {
            var wire = WorkReportWire.ToWire("a-1", report, WorkerRoot);
            Assert.Equal("a-1", wire.AssignmentId);
            Assert.Equal(report.EndsAttempt, wire.EndsAttempt());
            StructuralAssert.Equal(report, WorkReportWire.FromWire(wire, WorkerRoot));
        }
    }

    [Fact]
    public void Weights_cross_relative_to_the_sweep_root_and_arrive_under_the_receivers_root()
    {
        var trained = Reports(WorkerRoot).OfType<DenseTrainedReport>().Single();

        var wire = Assert.IsType<AssignmentReport.DenseTrained>(WorkReportWire.ToWire("a-1", trained, WorkerRoot));
        var arrived = Assert.IsType<DenseTrainedReport>(WorkReportWire.FromWire(wire, CoordinatorRoot));

        Assert.Equal(("artifacts/cifar2/dense/final.pt", "artifacts/cifar2/dense/rewind-epoch003.pt"), (wire.FinalWeights, wire.RewindWeights));
        Assert.Equal($"{CoordinatorRoot}/artifacts/cifar2/dense/final.pt", arrived.Outcome.FinalWeightsPath);
        Assert.Equal($"{CoordinatorRoot}/artifacts/cifar2/dense/rewind-epoch003.pt", arrived.Outcome.RewindWeightsPath);
    }

    [Fact]
    public void A_path_that_leaves_the_sweep_root_is_refused_where_it_arrives()
    {
        var wire = new AssignmentReport.DenseTrained("a-1", "../../etc/final.pt", "artifacts/cifar2/dense/rewind.pt", 1, 0.5);

        var error = Assert.Throws<ArgumentException>(() => WorkReportWire.FromWire(wire, CoordinatorRoot));

        Assert.Contains("leaves the sweep root", error.Message);
    }

    [Fact]
    public void A_work_order_crosses_without_its_plan_and_arrives_with_the_nodes_reading_of_it()
    {
        var plan = FakePlans.Problem("cifar4", repetitions: 3, iterations: 2);
        var order = new WorkOrder("a-7", plan, 2, new RepetitionStep(2, MeasureOnly: true), "artifacts/cifar4/dense", "artifacts/cifar4/rep-02", "00-trace-01", ActorRefs.Nobody);

        var wire = order.ToWire();
        var arrived = WorkOrder.FromWire(wire, ProblemPlanWire.FromWire(ProblemPlanWire.ToWire(plan)));

        Assert.Equal("cifar4", wire.Problem);
        StructuralAssert.Equal(order, arrived);
        Assert.Throws<ArgumentException>(() => WorkOrder.FromWire(wire, FakePlans.Problem("cifar2")));
    }

    [Fact]
    public void A_dense_order_crosses_without_a_start_step()
    {
        var order = new WorkOrder("a-1", FakePlans.Problem(), -1, null, "artifacts/cifar2/dense", "artifacts/cifar2/dense", null, ActorRefs.Nobody);

        Assert.Null(order.ToWire().Start);
        StructuralAssert.Equal(order, WorkOrder.FromWire(order.ToWire(), order.Plan));
    }

    [Fact]
    public void A_plan_crosses_as_its_json_and_the_hash_the_sweep_id_counts()
    {
        var plan = ProblemPlan.Paper("cifar10") with { GradientClipNorm = 1.0, FcInput = ProtocolChoices.GlobalAveragePooling, TrainLimit = 500 };

        var wire = ProblemPlanWire.ToWire(plan);

        Assert.Equal(PlanIdentity.Hash(plan), wire.Hash);
        StructuralAssert.Equal(plan, ProblemPlanWire.FromWire(wire));
    }

    [Fact]
    public void A_plan_that_reads_differently_here_is_refused()
    {
        var plan = FakePlans.Problem();
        var wire = ProblemPlanWire.ToWire(plan);
        // A coordinator of a later release with a setting this one does not know, away from its default: it counts in the
        // coordinator's hash, and this node would drop it.
        var later = JsonNode.Parse(wire.Json)!.AsObject();
        later["LabelSmoothing"] = 0.1;
        var laterIdentity = PlanIdentity.Identifying(plan);
        laterIdentity["LabelSmoothing"] = 0.1;
        var fromLaterRelease = new ProblemPlanJson(later.ToJsonString(), SettingsHash.Of(laterIdentity));

        var unknownSetting = Assert.Throws<WireFormatException>(() => ProblemPlanWire.FromWire(fromLaterRelease));
        var tampered = Assert.Throws<WireFormatException>(() => ProblemPlanWire.FromWire(wire with { Json = wire.Json.Replace("\"Seed\":7", "\"Seed\":8") }));
        var unreadable = Assert.Throws<WireFormatException>(() => ProblemPlanWire.FromWire(wire with { Json = "{\"Problem\":" }));

        Assert.Contains("reads differently here", unknownSetting.Message);
        Assert.Contains("reads differently here", tampered.Message);
        Assert.Contains("cannot be read here", unreadable.Message);
        Assert.Contains("\"Seed\":7", wire.Json); // the tampering above changed something
    }
}
