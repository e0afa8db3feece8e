using ActorPipeline.Host.Cluster;
using ActorPipeline.Host.Configuration;
using ActorPipeline.Host.Telemetry;
using Akka.Actor;

namespace ActorPipeline.Host.UseCases;

/// <summary>
/// A sweep to run, as the `sweep` verb parsed it: the profile's name (part of the default folder's name), the resolved
/// settings, whether CIFAR-10 may be downloaded, and for a cluster coordinator its node settings.
/// </summary>
public sealed record SweepRequest(string ProfileName, SweepConfig Settings, bool AllowDownload)
{
    public CoordinatorClusterOptions? Cluster { get; init; }

    public TelemetrySettings Telemetry { get; init; } = TelemetrySettings.Disabled;

    /// <summary>Where the live page listens (`--ui`); null: no page.</summary>
    public Live.LivePageOptions? LivePage { get; init; }

    /// <summary>Attached to the sweep's actor system beside the progress display (the memory bench's sampler).</summary>
    public Action<ActorSystem>? Observe { get; init; }
}
