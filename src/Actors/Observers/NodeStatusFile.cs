using System.Text.Json;
using ActorPipeline.Actors.Dispatch;
using Akka.Actor;
using Akka.Event;

namespace ActorPipeline.Actors.Observers;

/// <summary>
/// nodes.json in the sweep folder: the dispatcher's latest <see cref="DispatchStatus"/> (nodes, running work, lost
/// nodes, queue), so that `sweep status` in another process can show them. Written atomically, at most once per
/// second (a busy sweep publishes a status at every assignment), and once more when the actor stops so the final
/// state is on disk. The dispatcher publishes only on a change, and a quiet hour of long trainings must not look like
/// a coordinator that is gone: every <see cref="RefreshEvery"/> the current status is written again, stamped now (it
/// still holds: nothing was published since). A write that fails is a warning, never a reason to stop the sweep.
/// </summary>
public sealed class NodeStatusFile : ReceiveActor, IWithTimers
{
    public const string FileName = "nodes.json";

    /// <summary>The shortest time between two writes.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>How often an unchanged status is written again; well below <see cref="Progress.NodeStatusLines.StaleAfter"/>.</summary>
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(30);

    private sealed record WriteLatest
    {
        public static WriteLatest Instance { get; } = new();
    }

    private sealed record Refresh
    {
        public static Refresh Instance { get; } = new();
    }

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
    };

    private readonly string _path;
    private readonly TimeSpan _interval;
    private readonly TimeSpan _refreshEvery;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private DispatchStatus? _latest; // received but not yet on disk
    private DispatchStatus? _current; // the last received
    private DateTime _lastWrite = DateTime.MinValue;
    private bool _failing; // so that a storage that stays unwritable is one warning, not one per second

    public ITimerScheduler Timers { get; set; } = null!;

    public NodeStatusFile(string sweepFolder, TimeSpan interval, TimeSpan refreshEvery)
    {
        _path = Path.Combine(Path.GetFullPath(sweepFolder), FileName);
        _interval = interval;
        _refreshEvery = refreshEvery;
        Receive<DispatchStatus>(status =>
        {
            _latest = _current = status;
            if (Timers.IsTimerActive(nameof(WriteLatest))) return; // the pending write takes this one
            var wait = _interval - (DateTime.UtcNow - _lastWrite);
            if (wait <= TimeSpan.Zero) WritePending();
            else Timers.StartSingleTimer(nameof(WriteLatest), WriteLatest.Instance, wait);
        });
        Receive<WriteLatest>(_ => WritePending());
        Receive<Refresh>(_ =>
        {
            if (_current is null || Timers.IsTimerActive(nameof(WriteLatest))) return; // nothing yet, or a write is coming anyway
            _latest = _current with { At = DateTime.UtcNow };
            WritePending();
        });
    }

    public static Props Props(string sweepFolder) => Props(sweepFolder, Interval, RefreshEvery);

    /// <summary>With other intervals, for tests.</summary>
    internal static Props Props(string sweepFolder, TimeSpan interval, TimeSpan refreshEvery) =>
        Akka.Actor.Props.Create(() => new NodeStatusFile(sweepFolder, interval, refreshEvery));

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(DispatchStatus));
        Timers.StartPeriodicTimer(nameof(Refresh), Refresh.Instance, _refreshEvery);
    }

    protected override void PostStop()
    {
        Context.System.EventStream.Unsubscribe(Self);
        WritePending();
    }

    /// <summary>The status in <paramref name="sweepFolder"/>'s nodes.json; null when there is none (a sweep that never ran, or ran before nodes.json existed).</summary>
    public static DispatchStatus? TryRead(string sweepFolder)
    {
        var path = Path.Combine(sweepFolder, FileName);
        if (!File.Exists(path)) return null;
        try
        {
            var status = JsonSerializer.Deserialize<DispatchStatus>(File.ReadAllText(path), Json);
            // A missing list deserializes to null; say so here rather than fail later while printing.
            if (status?.Nodes is null || status.Lost is null || status.Nodes.Any(n => n?.Name is null || n.Devices is null || n.Running is null))
                throw new InvalidDataException($"{path} is not a valid nodes status file: nodes, a name, devices, running or lost missing.");
            return status;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not a valid nodes status file: {e.Message}");
        }
    }

    private void WritePending()
    {
        if (_latest is not { } status) return;
        _latest = null;
        _lastWrite = DateTime.UtcNow;
        // Temp file in the same folder, then a rename: a reader sees the old file or the new one, never half of one.
        var temp = Path.Combine(Path.GetDirectoryName(_path)!, $".{FileName}.{Environment.ProcessId}.tmp");
        try
        {
            File.WriteAllText(temp, JsonSerializer.Serialize(status, Json));
            File.Move(temp, _path, overwrite: true);
            if (_failing) _log.Info("{0} is written again", _path);
            _failing = false;
        }
        catch (Exception e)
        {
            if (!_failing) _log.Warning("Cannot write {0} (sweep status will not show the nodes until it can; the sweep goes on): {1}", _path, e.Message);
            _failing = true;
            try
            {
                File.Delete(temp);
            }
            catch (Exception)
            {
                // a storage that cannot write may not delete either; the next write reuses the name
            }
        }
    }
}
