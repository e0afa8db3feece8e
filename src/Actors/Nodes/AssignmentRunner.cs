using ActorPipeline.Actors.Compute;
using ActorPipeline.Actors.Dispatch;
using ActorPipeline.Actors.Plans;
using ActorPipeline.Actors.Repetitions;
using ActorPipeline.Actors.Wire;
using Akka.Actor;

namespace ActorPipeline.Actors.Nodes;

/// <summary>
/// One assignment on a node: starts its worker (<see cref="DenseTrainer"/> or <see cref="RepetitionWorker"/>) with the
/// order's folders resolved against this node's sweep root, passes the worker's reports to the supervisor in their wire
/// form with the assignment id (in order, from this one sender: <see cref="WorkReportWire"/>) and the supervisor's
/// <see cref="StepRecorded"/> back. Stops once the attempt is over, or when the assignment is cancelled; a worker that
/// dies without a report is reported as stopped, an order whose folders leave this node's sweep root as failed
/// deterministically.
/// </summary>
public sealed class AssignmentRunner : ReceiveActor
{
    private readonly WorkOrder _order;
    private readonly string _sweepRoot;
    private readonly IActorRef _devicePool;
    private readonly IExperimentCompute _compute;
    private readonly string _node;
    private IActorRef _worker = ActorRefs.Nobody;
    private string? _crash;
    private bool _attemptOver;

    public AssignmentRunner(WorkOrder order, string sweepRoot, string node, IActorRef devicePool, IExperimentCompute compute)
    {
        _node = node;
        _order = order;
        _sweepRoot = sweepRoot;
        _devicePool = devicePool;
        _compute = compute;

        Receive<StepRecorded>(recorded => _worker.Tell(recorded));
        Receive<IWorkReport>(report =>
        {
            if (!Sender.Equals(_worker) || _attemptOver) return;
            _order.ReportTo.Tell(WorkReportWire.ToWire(_order.AssignmentId, report, _sweepRoot, _node));
            if (!report.EndsAttempt) return;
            _attemptOver = true;
            Context.Stop(Self);
        });
        Receive<Terminated>(terminated =>
        {
            if (!terminated.ActorRef.Equals(_worker) || _attemptOver) return;
            _attemptOver = true;
            _order.ReportTo.Tell(new AssignmentReport.WorkerCrash(_order.AssignmentId, _crash ?? "the worker stopped unexpectedly"));
            Context.Stop(Self);
        });
    }

    public static Props Props(WorkOrder order, string sweepRoot, string node, IActorRef devicePool, IExperimentCompute compute) =>
        Akka.Actor.Props.Create(() => new AssignmentRunner(order, sweepRoot, node, devicePool, compute));

    protected override void PreStart()
    {
        string folder, denseFolder;
        try
        {
            folder = SweepPaths.Resolve(_sweepRoot, _order.Folder);
            denseFolder = SweepPaths.Resolve(_sweepRoot, _order.DenseFolder);
            if (!_order.IsDense && _order.Start is null) throw new ArgumentException($"{_order} has no start step.");
        }
        catch (ArgumentException refused)
        {
            // An order this node cannot run would fail the same way on any node and at any try: say so (a silent stop would leave its supervisor waiting).
            string error = $"resolving the work order on node {_node} failed: {refused.Message}";
            _order.ReportTo.Tell(_order.IsDense
                ? new AssignmentReport.DenseError(_order.AssignmentId, error, Deterministic: true)
                : new AssignmentReport.RepetitionError(_order.AssignmentId, _order.Repetition, error, Deterministic: true));
            _attemptOver = true;
            Context.Stop(Self);
            return;
        }
        _worker = _order.IsDense
            ? Context.ActorOf(DenseTrainer.Props(_order.Plan, folder, _devicePool, _compute, _order.TraceParent), "dense")
            : Context.ActorOf(RepetitionWorker.Props(new RepetitionAssignment(_order.Plan, denseFolder, _order.Repetition, _order.Start!, folder, _order.TraceParent, _node),
                _devicePool, _compute), $"rep-{_order.Repetition:D2}");
        Context.Watch(_worker);
    }

    /// <summary>Declared where the worker is created: a worker that throws (a bug) is stopped, and reported as <see cref="WorkerCrashReport"/> with the cause.</summary>
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(-1, -1, Decider.From(failure =>
    {
        _crash = $"{failure.GetType().Name}: {failure.Message}";
        return Directive.Stop;
    }));
}
