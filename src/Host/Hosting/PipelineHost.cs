using ActorPipeline.Host.Telemetry;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ActorPipeline.Host.Hosting;

/// <summary>
/// The composition root: every process that runs actors (a sweep, a cluster coordinator, a worker, the journal reader of
/// `sweep status`, the coordinator bench) is a .NET generic host with OpenTelemetry (<c>AddOpenTelemetry</c>) and one
/// actor system (<c>AddAkka</c>) made of <see cref="PipelineAkka"/>'s pieces plus what the process adds. Starting the
/// host starts the system and the actors registered with <c>WithActors</c>; stopping it runs Akka's CoordinatedShutdown
/// (a cluster node leaves first) and flushes telemetry.
/// </summary>
public static class PipelineHost
{
    /// <param name="services">What the process adds beside the actor system (the live page); started after it, stopped before it.</param>
    public static IHost Build(string systemName, Action<AkkaConfigurationBuilder> configure, TelemetrySettings? telemetry = null, Action<IServiceCollection>? services = null)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = "actorpipeline" });
        builder.Services.AddSingleton<IHostLifetime, CommandLifetime>();
        // Registered before the actor system: stopped after it, so the spans its shutdown ends are flushed too.
        builder.Services.AddPipelineTelemetry(telemetry ?? TelemetrySettings.Disabled);
        builder.Services.AddAkka(systemName, akka =>
        {
            akka.WithProcessDefaults().WithPipelineSerializers().WithSimilarityThreads();
            configure(akka);
        });
        services?.Invoke(builder.Services);
        return builder.Build();
    }

    /// <summary>Builds and starts; the caller stops (and disposes) it.</summary>
    public static async Task<IHost> StartAsync(string systemName, Action<AkkaConfigurationBuilder> configure, TelemetrySettings? telemetry, CancellationToken cancellation,
        Action<IServiceCollection>? services = null)
    {
        var host = Build(systemName, configure, telemetry, services);
        try
        {
            await host.StartAsync(cancellation);
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    public static ActorSystem ActorSystem(this IHost host) => host.Services.GetRequiredService<ActorSystem>();

    public static ActorRegistry Actors(this IHost host) => host.Services.GetRequiredService<ActorRegistry>();

    public static Microsoft.Extensions.Logging.ILoggerFactory Loggers(this IHost host) =>
        host.Services.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>();

    /// <summary>Stops the host (CoordinatedShutdown, telemetry flush) and disposes it; never throws for a host that is already down.</summary>
    public static async Task StopAndDisposeAsync(this IHost host)
    {
        try
        {
            await host.StopAsync(CancellationToken.None);
        }
        finally
        {
            host.Dispose();
        }
    }
}
