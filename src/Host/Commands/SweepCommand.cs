using System.CommandLine;
using System.Diagnostics;
using ActorPipeline.Actors.Problems;
using ActorPipeline.Actors.Sweeps;
using ActorPipeline.Host.Cli;
using ActorPipeline.Host.Cluster;
using ActorPipeline.Host.Telemetry;
using ActorPipeline.Ml.Devices;
using ActorPipeline.Actors.Nodes;
using ActorPipeline.Host.Configuration;
using ActorPipeline.Actors.Persistence;

using ActorPipeline.Host.Live;
using ActorPipeline.Host.UseCases;

namespace ActorPipeline.Host.Commands;

/// <summary>
/// `sweep`: parses the profile, config file and overrides into a <see cref="SweepRequest"/> and hands it to its use case:
/// <see cref="RunOrResumeSweep"/>, or <see cref="SweepDryRun"/> with --dry-run. `sweep status` and `sweep report` are its subcommands.
/// </summary>
internal static class SweepCommand
{
    public static Command Create()
    {
        var profile = new Option<string>("--profile") { Description = "Built-in sweep: paper (the full protocol) or quick (every stage, minutes on a CPU).", DefaultValueFactory = _ => "paper" };
        var config = new Option<string?>("--config") { Description = "YAML or JSON sweep config (snake_case keys), applied on top of the profile." };
        var problems = new Option<string?>("--problems") { Description = "Comma-separated subset, e.g. cifar2,cifar4." };
        var repetitions = new Option<int?>("--repetitions");
        var iterations = new Option<int?>("--iterations");
        var devices = new Option<string?>("--devices") { Description = "auto (every GPU, else the CPU), cpu, or cuda:0,cuda:1,..." };
        var slots = new Option<int?>("--slots-per-device") { Description = "Concurrent repetitions per device." };
        var seed = new Option<long?>("--seed");
        var data = Cifar10Loading.DataOption();
        var noDownload = Cifar10Loading.NoDownloadOption();
        var output = new Option<string?>("--out") { Description = "Sweep folder (default: runs/sweep-<profile>-<sweep id>)." };
        var persistence = new Option<string?>("--persistence") { Description = "sqlite (a file in the sweep folder) or postgresql." };
        var connection = new Option<string?>("--connection-string") { Description = "SQLite file, or PostgreSQL connection string without password (the password comes from $ACTORPIPELINE_PG_PASSWORD)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the resolved work (trainings, epochs, images, probe passes) and an estimate of the wall time, then stop." };
        var throughput = new Option<double?>("--throughput") { Description = "With --dry-run: training images/s of one device (default: measured briefly on this machine's device)." };
        var clusterListen = new Option<string?>("--cluster-listen") { Description = "Run the sweep as the coordinator of a cluster listening on HOST:PORT (e.g. 127.0.0.1:4053); workers join with `worker --join`. Needs --persistence postgresql." };
        var publicHost = new Option<string?>("--public-host") { Description = "With --cluster-listen: the host name workers reach this node at, if not the listen address (NAT, containers)." };
        var localDevices = new Option<string?>("--local-devices") { Description = "With --cluster-listen: whether this process computes too: none (default), auto, cpu, or cuda:0,cuda:1,..." };
        var outageLimit = new Option<string?>("--journal-outage-limit") { Description = $"How long to wait for an unavailable journal before exiting with code 4 (default {JournalOutageLimit.Default}; e.g. 90s, 2h; 0 waits forever)." };
        var ui = LivePageCli.UiOption();
        var uiToken = LivePageCli.TokenOption();
        var traceUrl = LivePageCli.TraceUrlOption();
        var compare = LivePageCli.CompareOption();
        var command = new Command("sweep", "Run (or resume) a sweep: dense trainings, IMP repetitions and layer similarities, persisted so that a rerun continues where it stopped.")
        {
            profile, config, problems, repetitions, iterations, devices, slots, seed, data, noDownload, output, persistence, connection, outageLimit, dryRun, throughput,
            clusterListen, publicHost, localDevices, ui, uiToken, traceUrl, compare,
        };
        var compute = new ComputeCliOptions();
        compute.AddTo(command);
        var telemetry = new TelemetryCliOptions();
        telemetry.AddTo(command);
        var security = new ClusterSecurityCli();
        security.AddTo(command);
        command.Subcommands.Add(SweepStatusCommand.Create());
        command.Subcommands.Add(ReportCommand.Create());
        command.Subcommands.Add(SweepViewCommand.Create());
        command.Subcommands.Add(SweepCompareCommand.Create());
        command.SetAction((parse, cancellation) => CliErrors.RunAsync(async () =>
        {
            var settings = SweepProfiles.Get(parse.GetValue(profile)!);
            if (parse.GetValue(config) is { } file) settings = SweepConfigLoader.Load(file, settings);
            if (parse.GetValue(problems) is { } p) settings.Problems = p.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(x => x.ToLowerInvariant()).ToList();
            if (parse.GetValue(repetitions) is { } r) settings.Repetitions = r;
            if (parse.GetValue(iterations) is { } i) settings.Iterations = i;
            if (parse.GetValue(devices) is { } d) settings.Devices = d;
            if (parse.GetValue(slots) is { } s) settings.SlotsPerDevice = s;
            if (parse.GetValue(seed) is { } sd) settings.Seed = sd;
            if (parse.GetValue(data) is { } dt) settings.Data = dt;
            if (parse.GetValue(output) is { } o) settings.Output = o;
            if (parse.GetValue(persistence) is { } ps) settings.Persistence.Provider = ps;
            if (parse.GetValue(connection) is { } cs) settings.Persistence.ConnectionString = cs;
            if (parse.GetValue(outageLimit) is { } limit) settings.JournalOutageLimit = limit;
            compute.ApplyTo(parse, settings);
            settings.Validate();
            var cluster = CoordinatorCluster(parse.GetValue(clusterListen), parse.GetValue(publicHost), parse.GetValue(localDevices), settings,
                endpoint => security.Resolve(parse, endpoint, "--cluster-listen", Console.Out));
            if (parse.GetValue(throughput) is <= 0) throw new ArgumentException("--throughput must be positive (training images per second of one device).");
            var request = new SweepRequest(parse.GetValue(profile)!, settings, !parse.GetValue(noDownload))
            {
                Cluster = cluster,
                Telemetry = telemetry.Resolve(parse, cluster is null ? null : $"coordinator {cluster.Node.AdvertisedAddress}"),
                LivePage = LivePageOptions.Parse(parse.GetValue(ui), parse.GetValue(uiToken), parse.GetValue(traceUrl)) is { } page ? page with { CompareWith = parse.GetValue(compare) } : null,
            };
            if (parse.GetValue(dryRun)) return await SweepDryRun.RunAsync(request, parse.GetValue(throughput), Console.Out, cancellation);
            try
            {
                return await RunOrResumeSweep.RunAsync(request, Console.Out, cancellation);
            }
            catch (SweepStoppedException stopped)
            {
                Console.Error.WriteLine($"error: {stopped.Message}");
                return stopped.ExitCode;
            }
        }));
        return command;
    }

    /// <summary>The coordinator's cluster settings from --cluster-listen/--public-host/--local-devices; null without --cluster-listen (one process, as always).</summary>
    /// <param name="security">The node's TLS for its listen address (see <see cref="ClusterSecurityCli"/>).</param>
    private static CoordinatorClusterOptions? CoordinatorCluster(string? listen, string? publicHost, string? localDevices, SweepConfig settings,
        Func<ClusterEndpoint, ActorPipeline.Host.Cluster.Tls.ClusterTls?> security)
    {
        if (listen is null)
        {
            if (publicHost is not null || localDevices is not null) throw new ArgumentException("--public-host and --local-devices only apply with --cluster-listen.");
            return null;
        }
        var endpoint = ClusterEndpoint.Parse(listen, "--cluster-listen");
        if (endpoint.Port == 0) throw new ArgumentException("--cluster-listen needs a fixed port (workers join it), e.g. 127.0.0.1:4053.");
        if (!string.Equals(settings.Persistence.Provider, "postgresql", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException("a cluster sweep needs --persistence postgresql (with --connection-string): the journal must outlive any one machine.");
        var devices = localDevices is null or "none" ? [] : ComputeDevices.ParseNames(localDevices);
        var node = new ClusterNodeSettings(endpoint, publicHost, ClusterRoles.Coordinator, Seed: null) { Tls = security(endpoint) };
        return new CoordinatorClusterOptions(node, devices);
    }
}
