using ActorPipeline.Actors.Dispatch;
using Akka.Actor;

namespace ActorPipeline.Actors.Observers;

/// <summary>Prints <see cref="ClusterNodeChanges"/> on the coordinator's terminal as the dispatcher publishes its status.</summary>
public sealed class ClusterNodeDisplay : ReceiveActor
{
    private DispatchStatus? _last;

    public ClusterNodeDisplay(TextWriter output)
    {
        Receive<DispatchStatus>(status =>
        {
            foreach (var line in ClusterNodeChanges.Between(_last, status)) output.WriteLine($"{DateTime.Now:HH:mm:ss} {line}");
            _last = status;
        });
    }

    public static Props Props(TextWriter output) => Akka.Actor.Props.Create(() => new ClusterNodeDisplay(output));

    protected override void PreStart() => Context.System.EventStream.Subscribe(Self, typeof(DispatchStatus));
}
