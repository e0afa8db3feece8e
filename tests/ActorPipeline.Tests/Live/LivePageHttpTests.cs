using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using ActorPipeline.Host.Configuration;
using ActorPipeline.Host.Hosting;
using ActorPipeline.Host.Live;
using ActorPipeline.Host.Persistence;
using ActorPipeline.Host.Planning;
using ActorPipeline.Host.UseCases;
using ActorPipeline.Tests.Actors;
using ActorPipeline.Tests.Data;

namespace ActorPipeline.Tests.Live;

/// <summary>
/// The live page's HTTP side without a browser, on a finished tiny sweep served by `sweep view`: the token on a
/// non-loopback address, the event stream, the figures, the detail, and the headers that keep strings as text.
/// </summary>
public sealed class LivePageHttpTests : IAsyncLifetime
{
    private readonly TempDirectory _temp = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly StringWriter _output = new();
    private Task<int>? _view;
    private string _url = "";

    public async Task InitializeAsync()
    {
        var plan = TinySweeps.Plan(_temp.Path, repetitions: 2, iterations: 1, problems: "cifar2");
        await SweepRunner.RunAsync(new SweepRun(plan, JournalSettings.From(new PersistenceConfig(), _temp.Path), ["cpu"], 1, TinySweeps.Compute()));
        new SweepManifest(plan.SweepId, "quick", new SweepConfig(), plan, "/data/cifar-10-binary.tar.gz", "0123456789abcdef0123456789abcdef").Save(_temp.Path);
        var options = LivePageOptions.Parse($"0.0.0.0:{LocalHttpServer.FreePort()}", token: "0123456789abcdef-test")!;
        var output = TextWriter.Synchronized(_output);
        _view = Task.Run(() => ViewSweep.RunAsync(_temp.Path, options, output, _stop.Token));
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!_output.ToString().Contains("live    http://") && DateTime.UtcNow < deadline && !_view.IsCompleted) await Task.Delay(50);
        var line = _output.ToString().Split('\n').First(l => l.StartsWith("live    "));
        _url = line["live    ".Length..].Trim();
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_view is not null) Assert.Equal(0, await _view.WaitAsync(TimeSpan.FromSeconds(30)));
        _temp.Dispose();
    }

    private Uri Root => new(_url[..(_url.IndexOf('?') is var q and >= 0 ? q : _url.Length)]);

    [Fact]
    public async Task Beyond_the_loopback_nothing_is_served_without_the_token_and_the_printed_url_carries_it()
    {
        Assert.EndsWith("/?token=0123456789abcdef-test", _url);
        using var anonymous = new HttpClient { BaseAddress = Root };
        foreach (var path in new[] { "/", "/api/snapshot", "/api/events", "/figures/figure2.svg?metric=svcca", "/live.js" })
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/?token=wrong-token-0000000")).StatusCode);

        // Opened with the token, the page's own requests carry it as a cookie; a script may send it as a bearer token.
        var cookies = new CookieContainer();
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = Root };
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(_url)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/live.js")).StatusCode);
        anonymous.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "0123456789abcdef-test");
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/live.css")).StatusCode);
    }

    private HttpClient Authorized()
    {
        var client = new HttpClient { BaseAddress = Root };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "0123456789abcdef-test");
        return client;
    }

    [Fact]
    public async Task The_snapshot_the_event_stream_the_figures_and_the_detail_come_from_the_journal()
    {
        using var client = Authorized();
        var page = await client.GetAsync("/");
        Assert.Contains("script-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("nosniff", page.Headers.GetValues("X-Content-Type-Options").Single());

        // The stream's first event is the current snapshot.
        using var events = await client.GetAsync("/api/events", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", events.Content.Headers.ContentType!.MediaType);
        using var reader = new StreamReader(await events.Content.ReadAsStreamAsync());
        string? data = null;
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
            while (data is null && await reader.ReadLineAsync(timeout.Token) is { } line)
                if (line.StartsWith("data: ")) data = line["data: ".Length..];
        using var snapshot = JsonDocument.Parse(data!);
        Assert.True(snapshot.RootElement.GetProperty("finished").GetBoolean());
        Assert.Equal(5, snapshot.RootElement.GetProperty("stepsDone").GetInt32());
        Assert.True(snapshot.RootElement.GetProperty("readOnly").GetBoolean());

        var figure = await client.GetAsync("/figures/figure2.svg?metric=svcca&spread=1");
        Assert.Equal("image/svg+xml", figure.Content.Headers.ContentType!.MediaType);
        Assert.Contains("data-panel=\"cifar2\"", await figure.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/figures/figure2.svg?metric=no-such-metric")).StatusCode);

        using var detail = JsonDocument.Parse(await client.GetStringAsync("/api/repetition?problem=cifar2&repetition=1"));
        var iteration = Assert.Single(detail.RootElement.GetProperty("iterations").EnumerateArray());
        Assert.Equal(1, iteration.GetProperty("iteration").GetInt32());
        Assert.True(iteration.GetProperty("layers").GetArrayLength() > 0);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/repetition?problem=cifar2&repetition=7")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/compare")).StatusCode); // no --compare
    }
}
