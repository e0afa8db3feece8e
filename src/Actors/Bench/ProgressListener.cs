using ActorPipeline.Actors.Nodes;
using ActorPipeline.Actors.Progress;
using Akka.Actor;

namespace ActorPipeline.Actors.Bench;

/// <summary>Counts the nodes that joined the sweep and the steps each problem supervisor says it persisted (its <see cref="ProblemProgress"/>, published after every recorded event).</summary>
public sealed class ProgressListener : ReceiveActor
{
    public ProgressListener(CoordinatorMeasurements measurements)
    {
        Receive<NodeJoined>(_ => measurements.NodeJoined());
        // The dense training is a step of the progress count too; the benchmark counts iterations trained and measured.
        Receive<ProblemProgress>(progress => measurements.Progress(progress.Problem, progress.StepsDone - (progress.DenseDone ? 1 : 0)));
    }

    public static Props Props(CoordinatorMeasurements measurements) => Akka.Actor.Props.Create(() => new ProgressListener(measurements));

}
