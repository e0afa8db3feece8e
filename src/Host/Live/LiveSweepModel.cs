using System.Collections.Concurrent;
using System.Text.Json;
using ActorPipeline.Actors.Problems;

namespace ActorPipeline.Host.Live;

/// <summary>
/// The live page's read model: the latest <see cref="LiveSnapshot"/> and the journal states it was built from, replaced
/// whole by <see cref="LiveSweepFeed"/>; readers (HTTP requests, event streams) take it from any thread and wait for the
/// next version without polling. Figures are drawn once per version and kept until the next.
/// </summary>
public sealed class LiveSweepModel
{
    private sealed record Published(LiveSnapshot Snapshot, IReadOnlyList<ProblemState> States, TaskCompletionSource Next)
    {
        // Written once per version, however many pages stream it.
        public Lazy<string> Json { get; } = new(() => JsonSerializer.Serialize(Snapshot, LivePageJson.Options));
    }

    private Published? _current;
    private readonly TaskCompletionSource _first = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<string, (long Version, Lazy<string?> Svg)> _figures = new();

    public LiveSnapshot? Snapshot => Volatile.Read(ref _current)?.Snapshot;

    public IReadOnlyList<ProblemState> States => Volatile.Read(ref _current)?.States ?? [];

    public void Publish(LiveSnapshot snapshot, IReadOnlyList<ProblemState> states)
    {
        var previous = Interlocked.Exchange(ref _current, new Published(snapshot, states, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)));
        if (previous is null) _first.TrySetResult();
        else previous.Next.TrySetResult();
    }

    /// <summary>Returns once a snapshot newer than <paramref name="version"/> is published (at once if one is), or when cancelled.</summary>
    public async Task<LiveSnapshot> NextAsync(long version, CancellationToken cancellation)
    {
        await _first.Task.WaitAsync(cancellation);
        while (true)
        {
            var current = Volatile.Read(ref _current)!;
            if (current.Snapshot.Version > version) return current.Snapshot;
            await current.Next.Task.WaitAsync(cancellation);
        }
    }

    /// <summary>The JSON of <paramref name="snapshot"/>: serialized once when it is the current version, as every page sends it.</summary>
    public string JsonOf(LiveSnapshot snapshot) =>
        Volatile.Read(ref _current) is { } current && ReferenceEquals(current.Snapshot, snapshot)
            ? current.Json.Value
            : JsonSerializer.Serialize(snapshot, LivePageJson.Options);

    /// <summary>The figure <paramref name="key"/> of the current version, drawn by <paramref name="draw"/> once per version (null: no data yet).</summary>
    public string? Figure(string key, Func<IReadOnlyList<ProblemState>, string?> draw)
    {
        var current = Volatile.Read(ref _current);
        if (current is null) return null;
        long version = current.Snapshot.Version;
        var entry = _figures.AddOrUpdate(key,
            _ => (version, new Lazy<string?>(() => draw(current.States))),
            (_, existing) => existing.Version == version ? existing : (version, new Lazy<string?>(() => draw(current.States))));
        return entry.Svg.Value;
    }
}
