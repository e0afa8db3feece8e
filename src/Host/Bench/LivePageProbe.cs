using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ActorPipeline.Actors.Bench;

namespace ActorPipeline.Host.Bench;

/// <summary>
/// Open live pages during the coordinator benchmark: each a client of the page's event stream that notes when each
/// snapshot arrived and how many steps it showed; afterwards, the update latency (from a step recorded to the first
/// snapshot showing it, per page) and what loading the page costs (bytes and milliseconds of the page, its script and style,
/// the snapshot and the figures).
/// </summary>
internal sealed class LivePageProbe : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _clients = [];
    private readonly ConcurrentBag<(int Page, long Timestamp, int Steps)> _received = [];
    private readonly Uri _root;

    private LivePageProbe(Uri root) => _root = root;

    public static async Task<LivePageProbe> OpenAsync(string url, int pages, CancellationToken cancellation)
    {
        var probe = new LivePageProbe(new Uri(url));
        var connected = new List<Task>();
        for (int page = 0; page < pages; page++)
        {
            var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            connected.Add(ready.Task);
            int index = page;
            probe._clients.Add(Task.Run(() => probe.ListenAsync(index, ready, probe._stop.Token), CancellationToken.None));
        }
        await Task.WhenAll(connected).WaitAsync(TimeSpan.FromSeconds(30), cancellation);
        return probe;
    }

    private async Task ListenAsync(int page, TaskCompletionSource ready, CancellationToken stop)
    {
        using var client = new HttpClient { BaseAddress = _root, Timeout = Timeout.InfiniteTimeSpan };
        try
        {
            using var response = await client.GetAsync("api/events", HttpCompletionOption.ResponseHeadersRead, stop);
            response.EnsureSuccessStatusCode();
            ready.TrySetResult();
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(stop));
            while (await reader.ReadLineAsync(stop) is { } line)
            {
                if (!line.StartsWith("data: ", StringComparison.Ordinal)) continue;
                long at = Stopwatch.GetTimestamp();
                using var snapshot = JsonDocument.Parse(line.AsMemory("data: ".Length));
                _received.Add((page, at, snapshot.RootElement.GetProperty("stepsDone").GetInt32()));
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            ready.TrySetException(e);
        }
    }

    public int UpdatesReceived => _received.Count;

    /// <summary>Per page, per recorded count: the first snapshot that shows at least that many steps, minus when the sweep reached it.</summary>
    public LatencySamples UpdateLatency(StepTimeline timeline)
    {
        var latency = new LatencySamples();
        var reached = timeline.Reached;
        foreach (var page in _received.GroupBy(r => r.Page))
        {
            var snapshots = page.OrderBy(r => r.Timestamp).ToList();
            int next = 0;
            foreach (var (timestamp, total) in reached)
            {
                while (next < snapshots.Count && (snapshots[next].Steps < total || snapshots[next].Timestamp < timestamp)) next++;
                if (next == snapshots.Count) break; // not shown before the pages closed
                latency.Add(timestamp, snapshots[next].Timestamp);
            }
        }
        return latency;
    }

    /// <summary>Each of the page's resources fetched once (the figures drawn cold): bytes and milliseconds.</summary>
    public async Task<IReadOnlyList<(string Resource, long Bytes, double Milliseconds)>> LoadAsync(string metric, CancellationToken cancellation)
    {
        using var client = new HttpClient { BaseAddress = _root };
        var loads = new List<(string, long, double)>();
        foreach (var resource in new[] { "", "live.js", "live.css", "api/snapshot", "figures/figure1.svg", $"figures/figure2.svg?metric={Uri.EscapeDataString(metric)}" })
        {
            var clock = Stopwatch.StartNew();
            using var response = await client.GetAsync(resource, cancellation);
            var body = await response.Content.ReadAsByteArrayAsync(cancellation);
            // a figure without data (no layers measured: --layers 0) is a 404: shown as -1 bytes
            loads.Add(("/" + resource, response.IsSuccessStatusCode ? body.LongLength : -1, clock.Elapsed.TotalMilliseconds));
        }
        return loads;
    }

    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested) return; // closed already
        await _stop.CancelAsync();
        await Task.WhenAll(_clients);
    }

    public static string Describe(IReadOnlyList<(string Resource, long Bytes, double Milliseconds)> loads) =>
        string.Join(Environment.NewLine, loads.Select(l => string.Create(CultureInfo.InvariantCulture, $"  {l.Resource,-36} {l.Bytes,10:N0} B {l.Milliseconds,9:F1} ms")));
}
