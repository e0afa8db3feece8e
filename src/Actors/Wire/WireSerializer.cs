using System.Text.Encodings.Web;
using System.Text.Json;
using Akka.Actor;
using Akka.Serialization;

namespace ActorPipeline.Actors.Wire;

/// <summary>
/// Writes the messages that cross cluster nodes (<see cref="IWireMessage"/>, the records of this folder) as JSON under
/// fixed, versioned manifests ("assign-work.v2"). The manifest, not a type name from the payload, picks the type, so nodes
/// agree whatever the classes are called, and a changed payload gets a new version: a node of another release then fails
/// loudly on it instead of misreading it. Actor refs travel as Akka paths (<see cref="ActorRefJsonConverter"/>). Its
/// <see cref="Hocon"/> turns off Akka's fallback to a type-name serializer: a message without a binding fails loudly
/// instead of crossing the wire in a format nobody reviewed.
/// </summary>
public sealed class WireSerializer : SerializerWithStringManifest
{
    public const int Id = 4108;

    /// <summary>
    /// Every wire message and its manifest. v2: node-registered (carries the problems' plans), assign-work (names its
    /// problem instead of carrying its plan), register-node (no derived slot count); the reports were one
    /// "assignment-report.v1" with a kind inside, and are a message each now. report-iteration-measured.v2: each layer's
    /// optional intrinsic dimensions; report-dense-trained.v2: the seed baselines. report-dense-trained.v3,
    /// report-iteration-trained.v2, report-iteration-measured.v3: the step's provenance (node, device, versions, threads);
    /// request-work.v2: the assignments the node runs (reconciliation); node-declined.v1: a node that refuses the sweep says why.
    /// </summary>
    private static readonly IReadOnlyDictionary<Type, string> Manifests = new Dictionary<Type, string>
    {
        // node agent ↔ coordinator and its work dispatcher
        [typeof(RegisterNode)] = "register-node.v2",
        [typeof(NodeRegistered)] = "node-registered.v2",
        [typeof(NodeUnknown)] = "node-unknown.v1",
        [typeof(NodeDeclined)] = "node-declined.v1",
        [typeof(RequestWork)] = "request-work.v2",
        [typeof(AssignWork)] = "assign-work.v2",
        [typeof(CancelAssignment)] = "cancel-assignment.v1",
        [typeof(AssignmentEnded)] = "assignment-ended.v1",
        [typeof(SweepCompleted)] = "sweep-completed.v1",
        // assignment runner (on its node) ↔ problem supervisor (on the coordinator)
        [typeof(AssignmentReport.DenseTrained)] = "report-dense-trained.v3",
        [typeof(AssignmentReport.DenseError)] = "report-dense-error.v1",
        [typeof(AssignmentReport.IterationTrained)] = "report-iteration-trained.v2",
        [typeof(AssignmentReport.IterationMeasured)] = "report-iteration-measured.v3",
        [typeof(AssignmentReport.RepetitionDone)] = "report-repetition-done.v1",
        [typeof(AssignmentReport.RepetitionError)] = "report-repetition-error.v1",
        [typeof(AssignmentReport.StorageFault)] = "report-storage-fault.v1",
        [typeof(AssignmentReport.WorkerCrash)] = "report-worker-crash.v1",
        [typeof(StepRecorded)] = "step-recorded.v1",
    };

    private static readonly IReadOnlyDictionary<string, Type> Types = Manifests.ToDictionary(m => m.Value, m => m.Key);

    private readonly JsonSerializerOptions _json;

    public WireSerializer(ExtendedActorSystem system) : base(system)
    {
        // Per instance, not static: actor refs resolve through this system's provider.
        _json = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            // NaN (a metric of a degenerate layer, an accuracy not measured yet) is a value, not an error.
            NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
            Converters = { new ActorRefJsonConverter(system) },
            // Quotes as \" and text as it is, not \u0022 and \u00D7: the JSON is read by nodes and by people, never put in a web page.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
    }

    public override int Identifier => Id;

    public static IReadOnlyCollection<string> KnownManifests => Types.Keys.ToList();

    public static IReadOnlyCollection<Type> KnownTypes => Manifests.Keys.ToList();

    public override string Manifest(object o) => Manifests.TryGetValue(o.GetType(), out var manifest)
        ? manifest
        : throw new ArgumentException($"{o.GetType().Name} has no wire manifest; add one to {nameof(WireSerializer)}.", nameof(o));

    public override byte[] ToBinary(object obj) => JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), _json);

    public override object FromBinary(byte[] bytes, string manifest)
    {
        if (!Types.TryGetValue(manifest, out var type))
            throw new WireFormatException($"Unknown wire message manifest '{manifest}': the sending node runs a different ActorPipeline release; run the same release on every node.");
        return JsonSerializer.Deserialize(bytes, type, _json)
               ?? throw new WireFormatException($"Wire message '{manifest}' has an empty payload.");
    }

    /// <summary>
    /// The HOCON that binds every <see cref="IWireMessage"/> to this serializer and refuses types without a binding
    /// (no silent fallback to Akka's Newtonsoft serializer, which writes CLR type names).
    /// </summary>
    public static string Hocon => $$"""
        akka.actor {
          serializers.pipeline-wire = "{{typeof(WireSerializer).AssemblyQualifiedName}}"
          serialization-bindings { "{{typeof(IWireMessage).AssemblyQualifiedName}}" = pipeline-wire }
          serialization-identifiers { "{{typeof(WireSerializer).AssemblyQualifiedName}}" = {{Id}} }
          serialization-settings.allow-unregistered-types = off
        }
        """;
}
