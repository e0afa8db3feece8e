using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Pattern;
using Akka.Serialization;

namespace ActorPipeline.Tests.Serialization;

/// <summary>
/// For <c>serialize-messages = on</c> only: Akka's own node-local messages that a sweep uses but Akka does not mark as exempt
/// from the check (Akka.Persistence's recovery permits and journal resequencing, the journal's backoff reset, the system
/// guardian's stop at shutdown). They never cross nodes, so nothing binds them, and with no fallback the check would drop
/// them. Bound here by name, and only in that test, to a serializer that hands the same object through, so the check
/// covers the pipeline's messages and nothing without a binding slips through unnoticed.
/// </summary>
internal sealed class AkkaInternalsPassThrough(ExtendedActorSystem system) : Serializer(system)
{
    private static readonly string[] Types =
    [
        "Akka.Persistence.RequestRecoveryPermit, Akka.Persistence",
        "Akka.Persistence.RecoveryPermitGranted, Akka.Persistence",
        "Akka.Persistence.ReturnRecoveryPermit, Akka.Persistence",
        "Akka.Persistence.Journal.AsyncWriteJournal+Desequenced, Akka.Persistence",
        typeof(BackoffSupervisor.Reset).AssemblyQualifiedName!,
        "Akka.Dispatch.SysMsg.StopChild, Akka",
    ];

    private readonly ConcurrentDictionary<long, object> _held = new();
    private long _next;

    public override int Identifier => 4199;

    public override bool IncludeManifest => false;

    public override byte[] ToBinary(object obj)
    {
        long id = Interlocked.Increment(ref _next);
        _held[id] = obj;
        return BitConverter.GetBytes(id);
    }

    public override object FromBinary(byte[] bytes, Type type) =>
        _held.TryRemove(BitConverter.ToInt64(bytes), out var obj) ? obj : throw new InvalidOperationException("Nothing held under this id.");

    public static string Hocon => $$"""
        akka.actor {
          serializers.akka-internals = "{{typeof(AkkaInternalsPassThrough).AssemblyQualifiedName}}"
          serialization-bindings {
        {{string.Join(Environment.NewLine, Types.Select(t => $"    \"{t}\" = akka-internals"))}}
          }
          serialization-identifiers { "{{typeof(AkkaInternalsPassThrough).AssemblyQualifiedName}}" = 4199 }
        }
        """;
}
