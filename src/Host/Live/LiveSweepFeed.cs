using System.Text.Json;
using ActorPipeline.Actors.Observers;
using ActorPipeline.Actors.Problems;
using ActorPipeline.Host.Hosting;
using ActorPipeline.Host.Planning;
using Akka.Actor;
using Microsoft.Extensions.Hosting;

namespace ActorPipeline.Host.Live;

/// <summary>
/// Keeps <see cref="LiveSweepModel"/> current and publishes a new snapshot when anything a page shows changed. For the
/// running sweep (<paramref name="activity"/>): the journal is read once, then the events the sweep records are folded in as
/// they come (no further reads), with its activity and nodes, at most every <see cref="LiveInterval"/>, however many pages are
/// open. For `sweep view`: the journal and nodes.json are read every <see cref="PollInterval"/>, never more often than every
/// <see cref="MinInterval"/>. A journal that cannot be read shows as unavailable (since when, why) and is read again; never an error page.
/// </summary>
public sealed class LiveSweepFeed(LiveSweepModel model, ActorSystem system, LiveSweepSource source, SweepActivitySource? activity, TimeProvider? time = null)
    : BackgroundService
{
    /// <summary>The shortest time between two snapshots of a running sweep (its events are folded, nothing is read).</summary>
    public static readonly TimeSpan LiveInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>The shortest time between two journal reads of `sweep view`, and how often it reads when nothing signals.</summary>
    public static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(30);
    private static readonly JsonSerializerOptions Json = LivePageJson.Options;

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly SemaphoreSlim _signal = new(0);
    private IReadOnlyList<ProblemState>? _states;
    private DateTime? _unavailableSince;
    private string? _unavailableReason;
    private LiveProgressClock? _clock;
    private string? _lastContent;
    private long _version;
    private int _applied; // how many of the activity's recorded events _states holds
    private readonly SlotUtilisation _utilisation = new();

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        if (activity is not null) activity.Changed += Signal;
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                var started = _time.GetUtcNow();
                await RefreshAsync(stopping);
                var rest = (activity is null ? MinInterval : LiveInterval) - (_time.GetUtcNow() - started);
                if (rest > TimeSpan.Zero) await Task.Delay(rest, _time, stopping);
                await _signal.WaitAsync(PollInterval, stopping);
                while (_signal.CurrentCount > 0) _signal.Wait(0); // every signal so far is answered by the next read
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        finally
        {
            if (activity is not null) activity.Changed -= Signal;
        }
    }

    private void Signal()
    {
        if (_signal.CurrentCount == 0) _signal.Release();
    }

    /// <summary>One read and, if anything changed, one new snapshot (also called by tests).</summary>
    public async Task RefreshAsync(CancellationToken cancellation)
    {
        // The running sweep's own events since the journal was read (applying one twice changes nothing: the folds are keyed).
        if (activity is not null && _states is not null)
        {
            var recorded = activity.Current.Recorded;
            if (recorded.Count > _applied)
            {
                var byProblem = _states.ToDictionary(s => s.Problem);
                foreach (var notice in recorded.Skip(_applied))
                    if (byProblem.TryGetValue(notice.Problem, out var state)) byProblem[notice.Problem] = state.Apply(notice.Event);
                _states = _states.Select(s => byProblem[s.Problem]).ToList();
                _applied = recorded.Count;
            }
        }
        else await ReadJournalAsync(cancellation);
        Publish();
    }

    /// <summary>
    /// The whole journal: every time for `sweep view` (another process writes it), once for a running sweep (then its events
    /// come from the event stream: <see cref="SweepActivity.Recorded"/>).
    /// </summary>
    private async Task ReadJournalAsync(CancellationToken cancellation)
    {
        int recordedBefore = activity?.Current.Recorded.Count ?? 0;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            timeout.CancelAfter(ReadTimeout);
            _states = await JournalReader.ReadProblemsAsync(system, source.Manifest.Plan, timeout.Token);
            _applied = recordedBefore; // what was recorded before the read is in it
            (_unavailableSince, _unavailableReason) = (null, null);
        }
        catch (Exception e) when (!cancellation.IsCancellationRequested)
        {
            _unavailableSince ??= _time.GetUtcNow().UtcDateTime;
            // The database's own words (the innermost error), not the layers of wrapping around them.
            _unavailableReason = e is OperationCanceledException ? $"no answer within {ReadTimeout.TotalSeconds:0} s" : e.GetBaseException().Message;
        }
    }

    private void Publish()
    {
        var now = _time.GetUtcNow().UtcDateTime;
        if (_states is not null) _clock ??= new LiveProgressClock(now, _states.Sum(s => s.StepsRecorded));
        var current = activity?.Current ?? SweepActivity.None;
        var journal = current.Outage is { } outage
            ? new LiveJournal(source.JournalDescription, false, outage.Since, outage.Reason)
            : new LiveJournal(source.JournalDescription, _unavailableSince is null, _unavailableSince, _unavailableReason);
        var nodes = current.Dispatch ?? TryReadNodes();
        if (nodes is not null) _utilisation.Record(nodes, now);
        var inputs = new LiveSweepInputs(source.Folder, source.Manifest, ReadOnly: activity is null, _states, journal, current, nodes, now, _clock)
        {
            Utilisation = _utilisation,
            CompareWith = source.CompareWith?.Folder,
        };
        var snapshot = LiveSnapshotBuilder.Build(inputs, _version + 1);
        // A new version only when something a page shows changed (the time of the read aside).
        var content = JsonSerializer.Serialize(snapshot with { Version = 0, UpdatedAt = default, Elapsed = null, Nodes = snapshot.Nodes is { } n ? n with { Nodes = [.. n.Nodes.Select(node => node with { Utilisation = null, UtilisationOver = null })] } : null }, Json);
        if (content == _lastContent) return;
        _lastContent = content;
        _version++;
        model.Publish(snapshot, _states ?? []);
    }

    private Actors.Dispatch.DispatchStatus? TryReadNodes()
    {
        try
        {
            return NodeStatusFile.TryRead(source.Folder);
        }
        catch (InvalidDataException)
        {
            return null; // being written by the coordinator, or damaged: the next read tells
        }
    }
}
