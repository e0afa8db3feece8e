using Akka.Actor;

namespace ActorPipeline.Actors.Wire;

// Work pulling between a registered node agent and the sweep's work dispatcher.

/// <summary>
/// The node has <paramref name="FreeSlots"/> slots without work, counting every <see cref="AssignWork"/> it has received
/// (<paramref name="AssignmentsReceived"/>), and runs the assignments <paramref name="Running"/>. Idempotent: the
/// dispatcher subtracts the assignments still on their way, so a repeated or late request never over-assigns a node. The
/// running ids reconcile the two sides' books: an assignment the node never got (a message lost on a live association)
/// is revoked and offered again, and work the dispatcher no longer knows is cancelled on the node.
/// </summary>
public sealed record RequestWork(int FreeSlots, long AssignmentsReceived, IReadOnlyList<string> Running) : IWireMessage
{
    // By value, lists included: a repeated request equals the first (the record default compares the list by reference).
    public bool Equals(RequestWork? other) =>
        other is not null && FreeSlots == other.FreeSlots && AssignmentsReceived == other.AssignmentsReceived && Running.SequenceEqual(other.Running);

    public override int GetHashCode() => HashCode.Combine(FreeSlots, AssignmentsReceived, Running.Count);
}

/// <summary>
/// Run this work in one of the slots the node asked to fill: a problem (its plan came with <see cref="NodeRegistered"/>),
/// its dense training (<paramref name="Repetition"/> -1, no <paramref name="Start"/>) or one repetition from
/// <paramref name="Start"/>. Folders are relative to the sweep root; reports go to <paramref name="ReportTo"/>, each
/// with <paramref name="AssignmentId"/>.
/// </summary>
public sealed record AssignWork(
    string AssignmentId,
    string Problem,
    int Repetition,
    StartStep? Start,
    string DenseFolder,
    string Folder,
    string? TraceParent,
    IActorRef ReportTo) : IWireMessage;

/// <summary>Where a repetition starts: at <paramref name="Iteration"/>, skipping its training when <paramref name="MeasureOnly"/>.</summary>
public sealed record StartStep(int Iteration, bool MeasureOnly);

/// <summary>Stop this assignment; its reports are no longer wanted.</summary>
public sealed record CancelAssignment(string AssignmentId) : IWireMessage;

/// <summary>The node's runner of this assignment stopped (finished, failed or cancelled): its slot is free.</summary>
public sealed record AssignmentEnded(string AssignmentId) : IWireMessage;

/// <summary>Every problem of the sweep is finished: told to every node (a worker then exits), and published there on the event stream.</summary>
public sealed record SweepCompleted(string SweepId) : IWireMessage;
