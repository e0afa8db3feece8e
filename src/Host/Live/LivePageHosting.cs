using ActorPipeline.Actors.Observers;
using ActorPipeline.Host.Hosting;
using Akka.Actor;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ActorPipeline.Host.Live;

/// <summary>
/// The live page as part of a process's generic host: its read model, the feed that keeps it current (after the actor
/// system has started, since it reads the journal through it) and the web server. <paramref name="Activity"/> is the running
/// sweep's (its board is attached to the system's event stream); null for `sweep view`, which only reads.
/// </summary>
public sealed record LivePageHosting(LivePageOptions Options, LiveSweepSource Source, SweepActivitySource? Activity)
{
    public void AddTo(IServiceCollection services)
    {
        services.AddSingleton<LiveSweepModel>();
        services.AddSingleton(sp => new LiveSweepFeed(sp.GetRequiredService<LiveSweepModel>(), sp.GetRequiredService<ActorSystem>(), Source, Activity));
        services.AddHostedService(sp => sp.GetRequiredService<LiveSweepFeed>());
        services.AddSingleton(sp => new LivePageServer(Options, sp.GetRequiredService<LiveSweepModel>(), Source));
        services.AddHostedService(sp => sp.GetRequiredService<LivePageServer>());
    }

    /// <summary>The page as a sweep host's add-on: its services, its activity board on the sweep's actor system, its URL line.</summary>
    public HostAddOn AsAddOn() => new(AddTo, Activity is { } activity ? system => activity.AttachTo(system) : null, Describe);

    /// <summary>The page's server in a started host.</summary>
    public static LivePageServer Server(IHost host) => host.Services.GetRequiredService<LivePageServer>();

    /// <summary>What to print about the page once the host runs: its URL, or why there is none.</summary>
    public static string Describe(IHost host)
    {
        var server = Server(host);
        return server.Url is { } url ? $"live    {url}" : $"live    page not served: {server.Problem}";
    }
}
