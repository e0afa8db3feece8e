using ActorPipeline.Actors.Plans;
using ActorPipeline.Actors.Progress;
using ActorPipeline.Ml.Experiments;
using Akka.Actor;

namespace ActorPipeline.Actors.Dispatch;

/// <summary>
/// One piece of work a problem supervisor offers: its dense training (<see cref="Repetition"/> -1), or one repetition from
/// its first unrecorded step. Every offer has a new <see cref="AssignmentId"/>; reports carry it, and a report of an
/// assignment the supervisor no longer holds (revoked, ended) is dropped, so no step is recorded twice. Folders are
/// relative to the sweep root: every node resolves them against its own (see <see cref="Plans.SweepPaths"/>).
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
}
