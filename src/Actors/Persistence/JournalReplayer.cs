using ActorPipeline.Actors.Events;
using Akka.Actor;
using Akka.Persistence;

namespace ActorPipeline.Actors.Persistence;

/// <summary>
/// Reads one persistence id's events without ever writing: a persistent actor that replays, hands the events over and
/// stops (`sweep status`, also while another process runs the sweep).
/// </summary>
public sealed class JournalReplayer : ReceivePersistentActor
{
    private readonly List<IPipelineEvent> _events = new();
    private readonly TaskCompletionSource<IReadOnlyList<IPipelineEvent>> _done;

    public JournalReplayer(string persistenceId, TaskCompletionSource<IReadOnlyList<IPipelineEvent>> done)
    {
        PersistenceId = persistenceId;
        _done = done;
        Recover<IPipelineEvent>(_events.Add);
        Recover<RecoveryCompleted>(_ =>
        {
            done.TrySetResult(_events);
            Context.Stop(Self);
        });
    }

    public override string PersistenceId { get; }

    /// <summary>Replays <paramref name="persistenceId"/> into <paramref name="done"/> (every event, in order; a journal that cannot be read fails it with an <see cref="InvalidDataException"/>), then stops.</summary>
    public static Props Props(string persistenceId, TaskCompletionSource<IReadOnlyList<IPipelineEvent>> done) =>
        Akka.Actor.Props.Create(() => new JournalReplayer(persistenceId, done));

    protected override void OnRecoveryFailure(Exception reason, object? message = null)
    {
        _done.TrySetException(new InvalidDataException($"The journal of {PersistenceId} cannot be read: {reason.Message}", reason));
        base.OnRecoveryFailure(reason, message);
    }
}
