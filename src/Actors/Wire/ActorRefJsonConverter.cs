using System.Text.Json;
using System.Text.Json.Serialization;
using Akka.Actor;

namespace ActorPipeline.Actors.Wire;

/// <summary>
/// An <see cref="IActorRef"/> in a remote message, as Akka writes one on the wire: its path with the sending node's
/// address and the actor's uid, resolved on the receiving node by the actor system's provider (a remote ref there).
/// An actor that is gone resolves to one whose messages end as dead letters, as Akka does for its own messages.
/// </summary>
public sealed class ActorRefJsonConverter(ExtendedActorSystem system) : JsonConverter<IActorRef>
{
    public override IActorRef? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        string? path = reader.GetString();
        // Akka writes "no sender" as the empty path.
        return string.IsNullOrEmpty(path) ? ActorRefs.NoSender : system.Provider.ResolveActorRef(path);
    }

    public override void Write(Utf8JsonWriter writer, IActorRef value, JsonSerializerOptions options) =>
        writer.WriteStringValue(Akka.Serialization.Serialization.SerializedActorPath(value));
}
