using System.Text;
using ActorPipeline.Host.Reports;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using HttpResults = Microsoft.AspNetCore.Http.Results;

namespace ActorPipeline.Host.Live;

/// <summary>
/// The live page's routes: the page and its script and style; the snapshot as JSON and as a Server-Sent Events stream (at
/// most one update per <see cref="MinUpdateInterval"/> per client, coalesced: a client that falls behind gets the latest, not the backlog); the
/// figures as SVG through the report's renderers; a repetition's detail. Read-only: there is no route that changes anything.
/// </summary>
internal static class LivePageEndpoints
{
    /// <summary>
    /// The shortest time between two updates to one client. Not a full second: a step recorded just after an update waits
    /// for the next one, so the update latency is this plus the feed's interval; at 1 s its p99 was 1.1–1.3 s (bench
    /// coordinator --pages 10), over the 1 s target.
    /// </summary>
    public static readonly TimeSpan MinUpdateInterval = TimeSpan.FromMilliseconds(800);
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);
    private const string TokenCookie = "actorpipeline_token";
    private const string ComparePath = "/compare";

    public static void Map(WebApplication app, LivePageOptions options, LiveSweepModel model, LiveSweepSource source)
    {
        app.Use(async (http, next) =>
        {
            // Scripts only from this page, no framing, no sniffing: strings from configs are text, never markup.
            var headers = http.Response.Headers;
            headers["Content-Security-Policy"] = http.Request.Path == ComparePath
                ? "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'" // the compare view: no script at all, framed by the page
                : "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'";
            headers["X-Content-Type-Options"] = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            if (options.Token is { } token && !Authorized(http, token))
            {
                http.Response.StatusCode = StatusCodes.Status401Unauthorized;
                await http.Response.WriteAsync("This page needs its token: open the URL the sweep printed (…/?token=…).");
                return;
            }
            await next(http);
        });

        app.MapGet("/", () => HttpResults.Content(LivePageAssets.Read("index.html"), "text/html; charset=utf-8"));
        app.MapGet("/live.js", () => HttpResults.Content(LivePageAssets.Read("live.js"), "text/javascript; charset=utf-8"));
        app.MapGet("/live.css", () => HttpResults.Content(LivePageAssets.Read("live.css"), "text/css; charset=utf-8"));
        app.MapGet("/api/snapshot", () => model.Snapshot is { } snapshot
            ? HttpResults.Content(model.JsonOf(snapshot), "application/json; charset=utf-8")
            : HttpResults.Json(new { waiting = "the sweep's journal has not been read yet" }, LivePageJson.Options, statusCode: StatusCodes.Status503ServiceUnavailable));
        app.MapGet("/api/events", (HttpContext http, CancellationToken cancellation) => StreamAsync(http, model, cancellation));
        app.MapGet("/api/repetition", (string problem, int repetition) =>
            LiveRepetitionDetail.Of(source, model.States, problem, repetition, options.TraceUrl) is { } detail
                ? HttpResults.Json(detail, LivePageJson.Options)
                : HttpResults.NotFound(new { error = $"no repetition {repetition} of problem '{problem}' in this sweep" }));
        app.MapGet("/figures/figure1.svg", (string? scale, int? spread) =>
        {
            var fraction = string.Equals(scale, "log", StringComparison.OrdinalIgnoreCase) ? FractionScale.Log : FractionScale.Linear;
            return Svg(model.Figure($"figure1-{fraction}-{spread == 1}", states => LiveFigures.Figure1(source.Manifest.Plan, states, fraction, spread == 1)));
        });
        app.MapGet(ComparePath, () =>
        {
            if (source.CompareWith is not { } other) return HttpResults.NotFound("no sweep to compare with: start the page with --compare <sweep folder>");
            try
            {
                var html = model.Figure("compare", states => Comparison.ComparisonHtml.Write(Comparison.SweepComparison.Of(
                    new Comparison.ComparedSweep("A (this sweep)", source.Folder, source.Manifest, LiveFigures.AccuracyRecords(states).ToList(), LiveFigures.SimilarityRecords(states).ToList()),
                    other with { Label = "B" }), DateTimeOffset.UtcNow));
                return html is null ? HttpResults.NotFound("the sweep's journal has not been read yet") : HttpResults.Content(html, "text/html; charset=utf-8");
            }
            catch (ArgumentException e)
            {
                return HttpResults.Content(e.Message, "text/plain; charset=utf-8", statusCode: StatusCodes.Status422UnprocessableEntity);
            }
        });
        app.MapGet("/figures/figure2.svg", (string metric, int? spread) =>
            Svg(model.Figure($"figure2-{metric}-{spread == 1}", states => LiveFigures.Figure2(source.Manifest.Plan, states, metric, spread == 1))));
    }

    private static bool Authorized(HttpContext http, string token)
    {
        if (http.Request.Query.TryGetValue("token", out var given) && Same(given.ToString(), token))
        {
            // Once opened with the token, the page's own requests (script, figures, events) carry it as a cookie.
            http.Response.Cookies.Append(TokenCookie, token, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict });
            return true;
        }
        if (http.Request.Cookies.TryGetValue(TokenCookie, out var cookie) && Same(cookie, token)) return true;
        var header = http.Request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.Ordinal) && Same(header["Bearer ".Length..], token);
    }

    private static bool Same(string a, string b) =>
        System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));

    private static IResult Svg(string? svg) => svg is null
        ? HttpResults.NotFound("no data for this figure yet")
        : HttpResults.Content(svg, "image/svg+xml; charset=utf-8");

    private static async Task StreamAsync(HttpContext http, LiveSweepModel model, CancellationToken cancellation)
    {
        http.Response.Headers.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        await http.Response.WriteAsync(": live\n\n", cancellation);
        await http.Response.Body.FlushAsync(cancellation);
        long sent = -1;
        try
        {
            while (!cancellation.IsCancellationRequested)
            {
                LiveSnapshot snapshot;
                try
                {
                    snapshot = await model.NextAsync(sent, cancellation).WaitAsync(KeepAlive, cancellation);
                }
                catch (TimeoutException)
                {
                    await http.Response.WriteAsync(": keep-alive\n\n", cancellation); // proxies close streams that stay silent
                    await http.Response.Body.FlushAsync(cancellation);
                    continue;
                }
                await http.Response.WriteAsync($"event: snapshot\ndata: {model.JsonOf(snapshot)}\n\n", cancellation);
                await http.Response.Body.FlushAsync(cancellation);
                sent = snapshot.Version;
                await Task.Delay(MinUpdateInterval, cancellation);
            }
        }
        catch (OperationCanceledException)
        {
            // the page was closed, or the process stops
        }
    }
}
