using System.Text.Json;
using Akka.Actor;
using Akka.Serialization;

namespace ActorPipeline.Actors.Events;

/// <summary>
/// Writes journal events as JSON under fixed, versioned manifests ("iteration-trained.v1"). The manifest,
/// not a type name from the payload, picks the type, so renaming a class never breaks an old journal, and
/// a changed event gets a new manifest (v2) with the old one still readable.
/// </summary>
public sealed class PipelineEventSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const int Id = 4107;

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private static readonly IReadOnlyDictionary<Type, string> Manifests = new Dictionary<Type, string>
    {
        [typeof(SweepStarted)] = "sweep-started.v1",
        [typeof(ProblemCompleted)] = "problem-completed.v1",
        [typeof(DenseTrained)] = "dense-trained.v3",
        [typeof(IterationTrained)] = "iteration-trained.v2",
        [typeof(SimilarityMeasured)] = "similarity-measured.v4",
        [typeof(RepetitionAttemptFailed)] = "repetition-attempt-failed.v1",
        [typeof(RepetitionCompleted)] = "repetition-completed.v1",
        [typeof(RepetitionFailed)] = "repetition-failed.v1",
        [typeof(DenseAttemptFailed)] = "dense-attempt-failed.v1",
        [typeof(DenseFailed)] = "dense-failed.v1",
    };

    // Journals written before the dense events existed recorded the dense training's failures as repetition -1.
    private const int LegacyDenseRepetition = -1;

    /// <summary>
    /// Manifests this version no longer writes but still reads. v1 → v2 (similarity): v2 adds each layer's optional
    /// "undefined" values (name → reason); a v1 payload has none and reads as the same type with none. v2 → v3: v3 adds
    /// each layer's optional intrinsic dimensions (pruned and dense); a v2 payload has none. dense-trained v1 → v2: v2 adds
    /// the seed baselines; a v1 payload has none. dense-trained v2 → v3, iteration-trained v1 → v2, similarity-measured
    /// v3 → v4: each adds the step's provenance (node, device, versions, threads); an older payload has none.
    /// </summary>
    private static readonly IReadOnlyDictionary<string, Type> ReadOnlyManifests = new Dictionary<string, Type>
    {
        ["similarity-measured.v1"] = typeof(SimilarityMeasured),
        ["similarity-measured.v2"] = typeof(SimilarityMeasured),
        ["similarity-measured.v3"] = typeof(SimilarityMeasured),
        ["dense-trained.v1"] = typeof(DenseTrained),
        ["dense-trained.v2"] = typeof(DenseTrained),
        ["iteration-trained.v1"] = typeof(IterationTrained),
    };

    private static readonly IReadOnlyDictionary<string, Type> Types =
        Manifests.ToDictionary(m => m.Value, m => m.Key).Concat(ReadOnlyManifests).ToDictionary();

    public override int Identifier => Id;

    /// <summary>Every manifest this version reads: those it writes and the older ones.</summary>
    public static IReadOnlyCollection<string> KnownManifests => Types.Keys.ToList();

    /// <summary>The manifests this version writes, one per event type.</summary>
    public static IReadOnlyCollection<string> WrittenManifests => Manifests.Values.ToList();

    public override string Manifest(object o) => Manifests.TryGetValue(o.GetType(), out var manifest)
        ? manifest
        : throw new ArgumentException($"{o.GetType().Name} has no journal manifest; add one to {nameof(PipelineEventSerializer)}.", nameof(o));

    public override byte[] ToBinary(object obj) => JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), Json);

    public override object FromBinary(byte[] bytes, string manifest)
    {
        if (!Types.TryGetValue(manifest, out var type))
            throw new JournalFormatException($"Unknown journal event manifest '{manifest}': this journal was written by a newer ActorPipeline, or is not an ActorPipeline journal.");
        var read = JsonSerializer.Deserialize(bytes, type, Json)
                   ?? throw new JournalFormatException($"Journal event '{manifest}' has an empty payload.");
        return Upcast(read);
    }

    /// <summary>Old events in today's shape, so the rest of the code knows one vocabulary.</summary>
    private static object Upcast(object read) => read switch
    {
        RepetitionAttemptFailed { Repetition: LegacyDenseRepetition } old => new DenseAttemptFailed(old.Problem, old.Attempt, old.Error),
        RepetitionFailed { Repetition: LegacyDenseRepetition } old => new DenseFailed(old.Problem, old.Attempts, old.Error),
        _ => read,
    };

    /// <summary>The HOCON that binds every <see cref="IPipelineEvent"/> to this serializer.</summary>
    public static string Hocon => $$"""
        akka.actor {
          serializers.pipeline-events = "{{typeof(PipelineEventSerializer).AssemblyQualifiedName}}"
          serialization-bindings { "{{typeof(IPipelineEvent).AssemblyQualifiedName}}" = pipeline-events }
          serialization-identifiers { "{{typeof(PipelineEventSerializer).AssemblyQualifiedName}}" = {{Id}} }
        }
        """;
}
