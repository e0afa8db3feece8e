using System.Diagnostics;
using ActorPipeline.Actors.Wire;
using Akka.Actor;

namespace ActorPipeline.Actors.Bench;

/// <summary>
/// Stands between one assignment's runner and its supervisor (the <see cref="AssignWork.ReportTo"/> the
/// node sees): passes the reports on and the <see cref="StepRecorded"/> answers back, and times each step's round trip.
/// A worker waits for its step to be recorded before it goes on, so at most one step is on its way. Stops after the
/// report that ends the attempt.
/// </summary>
public sealed class ReportRelay : ReceiveActor
{
    public ReportRelay(IActorRef supervisor, CoordinatorMeasurements measurements)
    {
        IActorRef runner = ActorRefs.Nobody;
        long? reportedAt = null;
        Receive<AssignmentReport>(report =>
        {
            runner = Sender;
            if (!report.EndsAttempt()) reportedAt = Stopwatch.GetTimestamp();
            supervisor.Tell(report);
            if (report.EndsAttempt()) Context.Stop(Self);
        });
        Receive<StepRecorded>(recorded =>
        {
            if (reportedAt is { } at) measurements.StepRecord.Add(at, Stopwatch.GetTimestamp());
            reportedAt = null;
            measurements.StepRecordedReceived();
            runner.Tell(recorded);
        });
    }

    public static Props Props(IActorRef supervisor, CoordinatorMeasurements measurements) =>
        Akka.Actor.Props.Create(() => new ReportRelay(supervisor, measurements));
}
