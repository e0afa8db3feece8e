using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ActorPipeline.Host.Live;

/// <summary>
/// Serves the live page (Kestrel, minimal endpoints: <see cref="LivePageEndpoints"/>) for as long as the process's host runs.
/// A port in use is passed over for the next one (up to <see cref="LivePageOptions.PortsTried"/>); the URL it got is
/// <see cref="Url"/>, printed by the command. Failing to listen at all stops nothing but the page: the sweep matters more.
/// </summary>
public sealed class LivePageServer(LivePageOptions options, LiveSweepModel model, LiveSweepSource source) : IHostedService, IAsyncDisposable
{
    private WebApplication? _app;

    /// <summary>The page's URL once started (null before, or when no port could be had).</summary>
    public string? Url { get; private set; }

    /// <summary>Why the page is not served, when it is not.</summary>
    public string? Problem { get; private set; }

    public async Task StartAsync(CancellationToken cancellation)
    {
        for (int port = options.Port; port < options.Port + LivePageOptions.PortsTried && port <= 65535; port++)
        {
            var app = Build(port);
            try
            {
                await app.StartAsync(cancellation);
                (_app, Url) = (app, options.Url(port));
                return;
            }
            catch (IOException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse } || e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                await app.DisposeAsync();
            }
            catch (Exception e) when (e is IOException or SocketException)
            {
                await app.DisposeAsync();
                Problem = $"the live page cannot listen on {options.Address}:{port}: {e.Message}";
                return;
            }
        }
        Problem = $"the live page found no free port from {options.Port} to {options.Port + LivePageOptions.PortsTried - 1} on {options.Address}; give another with --ui HOST:PORT";
    }

    private WebApplication Build(int port)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "actorpipeline-live" });
        builder.Logging.ClearProviders(); // the sweep's terminal is not the place for request logs
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(options.Address, port));
        var app = builder.Build();
        LivePageEndpoints.Map(app, options, model, source);
        return app;
    }

    public async Task StopAsync(CancellationToken cancellation)
    {
        if (_app is not null) await _app.StopAsync(cancellation);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }
}
