using ActorPipeline.Actors.Plans;
using ActorPipeline.Actors.Progress;
using ActorPipeline.Actors.Wire;
using ActorPipeline.Ml.Experiments;
using Akka.Actor;

namespace ActorPipeline.Actors.Dispatch;

/// <summary>
/// One piece of work a problem supervisor offers: its dense training (<see cref="Repetition"/> -1), or one repetition from
/// its first unrecorded step. Every offer has a new <see cref="AssignmentId"/>; reports carry it, and a report of an
/// assignment the supervisor no longer holds (revoked, ended) is dropped, so no step is recorded twice. Folders are
/// relative to the sweep root: every node resolves them against its own (see <see cref="SweepPaths"/>). It crosses to
/// its node as an <see cref="AssignWork"/> (<see cref="ToWire"/>), which names the problem instead of carrying its plan.
/// </summary>
public sealed record WorkOrder(
    string AssignmentId,
    ProblemPlan Plan,
    int Repetition,
    RepetitionStep? Start,
    string DenseFolder,
    string Folder,
    string? TraceParent,
    IActorRef ReportTo)
{
    public string Problem => Plan.Problem;
    public bool IsDense => Repetition == WorkProgress.DenseRepetition;
    public override string ToString() => IsDense ? $"{Problem} dense training" : $"{Problem} repetition {Repetition} from {Start}";

    public AssignWork ToWire() => new(AssignmentId, Problem, Repetition, Start is { } start ? new StartStep(start.Iteration, start.MeasureOnly) : null,
        DenseFolder, Folder, TraceParent, ReportTo);

    /// <summary>The order a node received, with <paramref name="plan"/>, the plan of its problem the node read when it registered.</summary>
    public static WorkOrder FromWire(AssignWork wire, ProblemPlan plan) => plan.Problem == wire.Problem
        ? new(wire.AssignmentId, plan, wire.Repetition, wire.Start is { } start ? new RepetitionStep(start.Iteration, start.MeasureOnly) : null,
            wire.DenseFolder, wire.Folder, wire.TraceParent, wire.ReportTo)
        : throw new ArgumentException($"The plan of {plan.Problem} is not the plan of the assignment's problem {wire.Problem}.", nameof(plan));
}
