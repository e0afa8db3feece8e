using System.Diagnostics;
using ActorPipeline.Actors.Tracing;
using ActorPipeline.Ml.Telemetry;
using Akka.Actor;

namespace ActorPipeline.Actors.Persistence;

/// <summary>
/// Makes one outage of the journal faults of a sweep's actors (they share one database): publishes when it starts
/// and ends (a span and a metric record it), and <see cref="JournalOutageLimitReached"/> when it lasts longer than
/// the limit (<see cref="TimeSpan.Zero"/>: wait forever).
/// </summary>
public sealed class JournalWatch : ReceiveActor, IWithTimers
{
    private sealed record CheckLimit : INoSerializationVerificationNeeded;

    private readonly HashSet<string> _down = new();
    private DateTime? _since;
    private string _reason = "";
    private Activity? _span;

    public JournalWatch(string journal, TimeSpan limit, string? traceParent)
    {
        Receive<JournalFault>(fault =>
        {
            _down.Add(fault.PersistenceId);
            if (_since is not null) return;
            _since = fault.Since;
            _reason = fault.Reason;
            PipelineDiagnostics.JournalOutages.Add(1);
            _span = Traces.StartDetached("journal outage", traceParent, tags: [new("journal", journal), new("reason", fault.Reason)]);
            _span?.AddEvent(new ActivityEvent("journal unavailable", tags: new ActivityTagsCollection { ["reason"] = fault.Reason }));
            Context.System.EventStream.Publish(new JournalOutageStarted(fault.Since, journal, fault.Reason));
            if (limit > TimeSpan.Zero) Timers.StartSingleTimer("limit", new CheckLimit(), limit);
        });
        Receive<JournalRecovered>(recovered =>
        {
            if (!_down.Remove(recovered.PersistenceId) || _down.Count > 0 || _since is not { } since) return;
            var duration = DateTime.UtcNow - since;
            PipelineDiagnostics.JournalOutageSeconds.Record(duration.TotalSeconds);
            _span?.AddEvent(new ActivityEvent("journal available"));
            _span?.Stop();
            _span = null;
            _since = null;
            Timers.Cancel("limit");
            Context.System.EventStream.Publish(new JournalOutageEnded(since, duration));
        });
        Receive<CheckLimit>(_ =>
        {
            if (_since is not { } since) return;
            _span?.SetStatus(ActivityStatusCode.Error, $"unavailable for longer than {limit}");
            Context.System.EventStream.Publish(new JournalOutageLimitReached(since, limit, journal, _reason));
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(string journal, TimeSpan limit, string? traceParent = null) =>
        Akka.Actor.Props.Create(() => new JournalWatch(journal, limit, traceParent));

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(JournalFault));
        Context.System.EventStream.Subscribe(Self, typeof(JournalRecovered));
    }

    protected override void PostStop() => _span?.Stop();
}
