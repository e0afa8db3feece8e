using ActorPipeline.Actors.Compute;
using ActorPipeline.Actors.Persistence;
using ActorPipeline.Actors.Plans;
using ActorPipeline.Host.Cluster;
using ActorPipeline.Host.Persistence;
using ActorPipeline.Host.Telemetry;
using Akka.Actor;

namespace ActorPipeline.Host.Hosting;

/// <summary>
/// What one run of a sweep needs: the plan, its journal, this process's devices and the compute they run. Without
/// <see cref="Cluster"/> the process is a cluster of one; with it, the cluster's coordinator node (devices may then be empty:
/// the coordinator computes nothing itself).
/// </summary>
public sealed record SweepRun(SweepPlan Plan, JournalSettings Journal, IReadOnlyList<string> Devices, int SlotsPerDevice, IExperimentCompute Compute)
{
    public ClusterNodeSettings? Cluster { get; init; }

    /// <summary>Akka's log (sweep.log); null: warnings to the terminal.</summary>
    public string? LogFile { get; init; }

    /// <summary>How long an unavailable journal is waited for; zero: forever.</summary>
    public TimeSpan JournalOutageLimit { get; init; }

    public JournalBackoff? JournalBackoff { get; init; }

    /// <summary>The W3C trace parent the run's "sweep" span continues (a test's root span); null: a new trace.</summary>
    public string? TraceParent { get; init; }

    public TelemetrySettings Telemetry { get; init; } = TelemetrySettings.Disabled;

    /// <summary>Attached to the running system before work starts: the terminal's displays, a memory sampler.</summary>
    public Action<ActorSystem>? Observe { get; init; }

    /// <summary>What the host carries beside the sweep (the live page); null: nothing.</summary>
    public HostAddOn? AddOn { get; init; }

    /// <summary>The local node's name: "local" in one process, the advertised address in a cluster.</summary>
    public string NodeName => Cluster?.AdvertisedAddress ?? SweepHost.LocalNodeName;
}
