using System.Text.Json;
using ActorPipeline.Actors.Dispatch;
using ActorPipeline.Actors.Repetitions;
using ActorPipeline.Actors.Sweeps;
using Akka.Actor;
using Akka.Serialization;

namespace ActorPipeline.Actors.Serialization;

/// <summary>
/// Writes the messages that cross cluster nodes (<see cref="IRemoteMessage"/>) as JSON under fixed, versioned manifests
/// ("assign-work.v1"). The manifest, not a type name from the payload, picks the type, so nodes of the same release agree
/// whatever the classes are called, and a changed message gets a new manifest (v2). Actor refs travel as Akka paths
/// (<see cref="ActorRefJsonConverter"/>). Its <see cref="Hocon"/> turns off Akka's fallback to a type-name serializer: a
/// message without a binding fails loudly instead of crossing the wire in a format nobody reviewed.
/// </summary>
public sealed class RemoteMessageSerializer : SerializerWithStringManifest
{
    public const int Id = 4108;

    private static readonly IReadOnlyDictionary<Type, string> Manifests = new Dictionary<Type, string>
    {
        // problem supervisors ↔ dispatcher
        [typeof(OfferWork)] = "offer-work.v1",
        [typeof(WithdrawWork)] = "withdraw-work.v1",
        [typeof(WorkAssigned)] = "work-assigned.v1",
        [typeof(AssignmentRevoked)] = "assignment-revoked.v1",
        // node agents ↔ dispatcher
        [typeof(RegisterNode)] = "register-node.v1",
        [typeof(NodeRegistered)] = "node-registered.v1",
        [typeof(RequestWork)] = "request-work.v1",
        [typeof(NodeUnknown)] = "node-unknown.v1",
        [typeof(AssignWork)] = "assign-work.v1",
        [typeof(CancelAssignment)] = "cancel-assignment.v1",
        [typeof(AssignmentEnded)] = "assignment-ended.v1",
        [typeof(DispatchStatus)] = "dispatch-status.v1",
        [typeof(SweepCompleted)] = "sweep-completed.v1",
        // assignment runners ↔ problem supervisors
        [typeof(AssignmentReport)] = "assignment-report.v1",
        [typeof(StepRecorded)] = "step-recorded.v1",
        // host ↔ coordinator singleton
        [typeof(RunSweep)] = "run-sweep.v1",
        [typeof(SweepOutcome)] = "sweep-outcome.v1",
    };

    private static readonly IReadOnlyDictionary<string, Type> Types = Manifests.ToDictionary(m => m.Value, m => m.Key);

    private readonly JsonSerializerOptions _json;

    public RemoteMessageSerializer(ExtendedActorSystem system) : base(system)
    {
        // Per instance, not static: actor refs resolve through this system's provider.
        _json = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            // NaN (a metric of a degenerate layer, an accuracy not measured yet) is a value, not an error.
            NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
            Converters = { new ActorRefJsonConverter(system) },
        };
    }

    public override int Identifier => Id;

    public static IReadOnlyCollection<string> KnownManifests => Types.Keys.ToList();

    public static IReadOnlyCollection<Type> KnownTypes => Manifests.Keys.ToList();

    public override string Manifest(object o) => Manifests.TryGetValue(o.GetType(), out var manifest)
        ? manifest
        : throw new ArgumentException($"{o.GetType().Name} has no remote manifest; add one to {nameof(RemoteMessageSerializer)}.", nameof(o));

    public override byte[] ToBinary(object obj) => JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), _json);

    public override object FromBinary(byte[] bytes, string manifest)
    {
        if (!Types.TryGetValue(manifest, out var type))
            throw new WireFormatException($"Unknown remote message manifest '{manifest}': the sending node runs a different ActorPipeline release; run the same release on every node.");
        return JsonSerializer.Deserialize(bytes, type, _json)
               ?? throw new WireFormatException($"Remote message '{manifest}' has an empty payload.");
    }

    /// <summary>
    /// The HOCON that binds every <see cref="IRemoteMessage"/> to this serializer and refuses types without a binding
    /// (no silent fallback to Akka's Newtonsoft serializer, which writes CLR type names).
    /// </summary>
    public static string Hocon => $$"""
        akka.actor {
          serializers.remote-messages = "{{typeof(RemoteMessageSerializer).AssemblyQualifiedName}}"
          serialization-bindings { "{{typeof(IRemoteMessage).AssemblyQualifiedName}}" = remote-messages }
          serialization-identifiers { "{{typeof(RemoteMessageSerializer).AssemblyQualifiedName}}" = {{Id}} }
          serialization-settings.allow-unregistered-types = off
        }
        """;
}
