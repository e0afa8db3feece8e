using Akka.Actor;
using Akka.Event;

namespace ActorPipeline.Actors.Similarity;

/// <summary>
/// Disposes the tensors of every <see cref="AccumulateLayerBatch"/> that is never delivered: its similarity actor had
/// stopped (its repetition failed or was cancelled while the batch was on its way, or the batch was still in the actor's
/// mailbox when it stopped), so the batch became a dead letter and nobody else owns its activations. Without this their
/// native memory (device memory on a GPU) would wait for the garbage collector. One per actor system, listening to its
/// dead letters; started by <see cref="EnsureStarted"/> (a similarity actor's start), so every composition gets it.
/// </summary>
public sealed class UndeliveredBatches : ReceiveActor
{
    public UndeliveredBatches() => Receive<AllDeadLetters>(dead => (dead.Message as AccumulateLayerBatch)?.Activations.Dispose());

    /// <summary>Starts the system's listener once (later calls find it).</summary>
    public static void EnsureStarted(ActorSystem system) => system.RegisterExtension(new ListenerId());

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);

    /// <summary>The system's one listener, as an Akka extension (created once per system, thread-safely).</summary>
    private sealed class Listener : IExtension
    {
        public Listener(ExtendedActorSystem system)
        {
            var listener = system.SystemActorOf(Props.Create<UndeliveredBatches>(), "undelivered-layer-batches");
            // Subscribed here, not in its PreStart: a dead letter published before the new actor has started still reaches it.
            system.EventStream.Subscribe(listener, typeof(AllDeadLetters));
        }
    }

    private sealed class ListenerId : ExtensionIdProvider<Listener>
    {
        public override Listener CreateExtension(ExtendedActorSystem system) => new(system);
    }
}
