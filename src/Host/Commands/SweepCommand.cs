using System.CommandLine;
using System.Diagnostics;
using ActorPipeline.Actors.Compute;
using ActorPipeline.Actors.Problems;
using ActorPipeline.Actors.Sweeps;
using ActorPipeline.Host.Cli;
using ActorPipeline.Host.Cluster;
using ActorPipeline.Host.Persistence;
using ActorPipeline.Host.Reports;
using ActorPipeline.Host.Results;
using ActorPipeline.Host.Telemetry;
using ActorPipeline.Ml.Devices;
using ActorPipeline.Actors.Nodes;
using ActorPipeline.Actors.Observers;
using ActorPipeline.Host.Configuration;
using ActorPipeline.Host.Hosting;
using ActorPipeline.Host.Planning;
using ActorPipeline.Actors.Persistence;

namespace ActorPipeline.Host.Commands;

/// <summary>
/// `sweep`: runs a whole sweep (profile or config file, plus overrides) through the actors, persisted in its
/// journal; the same command after a crash continues where it stopped. `sweep status` reads the journal.
/// </summary>
internal static class SweepCommand
{
    public const int ExitFinishedWithFailures = 3;

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
        var command = new Command("sweep", "Run (or resume) a sweep: dense trainings, IMP repetitions and layer similarities, persisted so that a rerun continues where it stopped.")
        {
            profile, config, problems, repetitions, iterations, devices, slots, seed, data, noDownload, output, persistence, connection, outageLimit, dryRun, throughput,
            clusterListen, publicHost, localDevices,
        };
        var telemetry = new TelemetryCliOptions();
        telemetry.AddTo(command);
        command.Subcommands.Add(SweepStatusCommand.Create());
        command.Subcommands.Add(ReportCommand.Create());
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
            settings.Validate();
            var cluster = CoordinatorCluster(parse.GetValue(clusterListen), parse.GetValue(publicHost), parse.GetValue(localDevices), settings);
            using var session = telemetry.Configure(parse, cluster is null ? null : $"coordinator {cluster.Node.AdvertisedAddress}");
            ActorPipeline.Actors.Tracing.PipelineLog.Use(session.LoggerFactory);
            if (session.Enabled) Console.WriteLine($"telemetry: OTLP {session.Settings.Protocol} to {session.Settings.TracesEndpoint}");
            if (parse.GetValue(throughput) is <= 0) throw new ArgumentException("--throughput must be positive (training images per second of one device).");
            if (parse.GetValue(dryRun)) return await DryRunAsync(settings, !parse.GetValue(noDownload), parse.GetValue(throughput), cancellation);
            try
            {
                return await RunAsync(parse.GetValue(profile)!, settings, !parse.GetValue(noDownload), cluster, cancellation);
            }
            catch (SweepStoppedException stopped)
            {
                Console.Error.WriteLine($"error: {stopped.Message}");
                return stopped.ExitCode;
            }
        }));
        return command;
    }

    private static async Task<int> DryRunAsync(SweepConfig settings, bool allowDownload, double? throughput, CancellationToken cancellation)
    {
        var deviceNames = ComputeDevices.ParseNames(settings.Devices);
        var location = await Cifar10Loading.ConsoleSource(allowDownload).ResolveAsync(settings.Data, cancellation);
        SweepPlanReport.Print(SweepPlanner.Plan(settings, location.Md5 ?? location.Path, ""), deviceNames, settings.SlotsPerDevice, throughput, Console.Out);
        return 0;
    }

    /// <summary>The coordinator's cluster settings from --cluster-listen/--public-host/--local-devices; null without --cluster-listen (one process, as always).</summary>
    private static CoordinatorClusterOptions? CoordinatorCluster(string? listen, string? publicHost, string? localDevices, SweepConfig settings)
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
        return new CoordinatorClusterOptions(new ClusterNodeSettings(endpoint, publicHost, ClusterRoles.Coordinator, Seed: null), devices);
    }

    /// <param name="observe">Attached to the sweep's actor system beside the progress display (the memory bench's sampler).</param>
    internal static async Task<int> RunAsync(string profileName, SweepConfig settings, bool allowDownload, CoordinatorClusterOptions? cluster, CancellationToken cancellation,
        Action<Akka.Actor.ActorSystem>? observe = null)
    {
        var clock = Stopwatch.StartNew();
        var deviceNames = cluster?.LocalDevices ?? ComputeDevices.ParseNames(settings.Devices);
        // Only the location (and md5: the sweep's identity) is needed up front; the images are read when work remains.
        var location = await Cifar10Loading.ConsoleSource(allowDownload).ResolveAsync(settings.Data, cancellation);
        string checksum = location.Md5 ?? location.Path;
        var plan = SweepPlanner.Plan(settings, checksum, "") with { DataChecksum = checksum };
        var folder = Path.GetFullPath(settings.Output ?? Path.Combine("runs", $"sweep-{profileName}-{plan.SweepId}"));
        plan = plan with { ArtifactFolder = Path.Combine(folder, "artifacts") };
        if (SweepManifest.TryLoad(folder) is { } existing && existing.SweepId != plan.SweepId)
            throw new ArgumentException($"{folder} holds sweep {existing.SweepId}, not {plan.SweepId} (the settings differ); choose another --out or delete it.");
        Directory.CreateDirectory(folder);
        var journal = JournalSettings.From(settings.Persistence, folder);
        await JournalPreflight.CheckAsync(journal, cancellation);
        using var writer = SweepLock.Acquire(journal, folder, plan.SweepId);
        // Only the one writer writes the manifest: a refused second process leaves the running sweep's untouched.
        new SweepManifest(plan.SweepId, profileName, settings, plan, location.Path, checksum).Save(folder);

        Console.WriteLine($"sweep {plan.SweepId}: {string.Join(", ", plan.Problems.Select(p => p.Problem))}; {settings.Repetitions} repetitions × {settings.Iterations} IMP iterations; " +
                          (deviceNames.Count > 0 ? $"devices {string.Join(",", deviceNames)} × {settings.SlotsPerDevice} slot{(settings.SlotsPerDevice == 1 ? "" : "s")}" : "no local devices"));
        if (cluster is not null)
            Console.WriteLine($"cluster coordinator on {cluster.Node.AdvertisedAddress}; workers join with: actorpipeline worker --join {cluster.Node.AdvertisedAddress} --sweep-root <this folder on the worker's machine> --devices auto --slots-per-device N");
        Console.WriteLine($"folder  {folder}");
        Console.WriteLine($"journal {journal.Description}");

        var outageLimit = JournalOutageLimit.Parse(settings.JournalOutageLimit);
        var before = await ReadWaitingOutOutagesAsync(journal, plan, outageLimit, Path.Combine(folder, SweepLogFile.FileName), cancellation);
        IReadOnlyList<ProblemState> states = before;
        IReadOnlyList<string> abandoned = [];
        if (plan.Problems.Zip(before, (p, s) => (Plan: p, State: s)).All(x => x.State.IsFinished(x.Plan.Repetitions)))
        {
            Console.WriteLine("already complete: nothing to run.");
        }
        else
        {
            var initial = plan.Problems.Zip(before, SweepProgressCount.Of).ToList();
            // Read only when this process computes (a cluster coordinator without local devices never touches the images).
            var dataset = new Lazy<ActorPipeline.Ml.Data.Cifar10Dataset>(() => Cifar10Loading.Read(location));
            var compute = new TorchExperimentCompute(new ProblemDataProvider(() => dataset.Value));
            bool interactive = !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("CI") is null;
            var finished = await SweepRunner.RunAsync(plan, journal, deviceNames, settings.SlotsPerDevice, compute,
                system =>
                {
                    ProgressDisplays.Attach(system, initial, Console.Out, interactive);
                    if (cluster is not null) system.ActorOf(ClusterNodeDisplay.Props(Console.Out), "cluster-nodes");
                    observe?.Invoke(system);
                }, cancellation: cancellation,
                journalOutageLimit: outageLimit, logFile: Path.Combine(folder, SweepLogFile.FileName), cluster: cluster?.Node);
            states = finished.Problems.Select(p => p.State).ToList();
            abandoned = finished.Problems.Where(p => p.Abandoned is not null).Select(p => $"{p.Problem}: not finished in this run: {p.Abandoned}").ToList();
        }

        var results = ResultsWriter.Write(folder, plan.SweepId, states);
        Console.WriteLine($"results {results} ({clock.Elapsed:hh\\:mm\\:ss})");
        if (states.Any(s => s.Repetitions.Values.Any(r => r.Trained.Count > 0)))
            Console.WriteLine($"report  {Reports.ReportGenerator.Generate(folder).HtmlPath}");
        PrintSummary(states);
        var failures = ResultsWriter.Failures(states).ToList();
        foreach (var failure in failures) Console.WriteLine($"FAILED {failure}");
        foreach (var problem in abandoned) Console.WriteLine($"UNFINISHED {problem}");
        return failures.Count == 0 && abandoned.Count == 0 ? 0 : ExitFinishedWithFailures;
    }

    /// <summary>
    /// Reads the journal before the sweep starts; a database that goes away in this window is an outage like any other:
    /// one line, retries after 1 s, 2 s … 30 s, and past the limit a <see cref="SweepStoppedException"/> (exit 4). A journal
    /// that answers but cannot be read (a damaged or foreign event) is an error at once.
    /// </summary>
    private static async Task<IReadOnlyList<ProblemState>> ReadWaitingOutOutagesAsync(JournalSettings journal, ActorPipeline.Actors.Plans.SweepPlan plan,
        TimeSpan limit, string logFile, CancellationToken cancellation)
    {
        DateTime? since = null;
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                var states = await JournalReader.ReadProblemsAsync(journal, plan, cancellation, logFile);
                if (since is { } start) Console.WriteLine(JournalOutageLines.Available(DateTime.UtcNow - start));
                return states;
            }
            catch (InvalidDataException e) when (e.InnerException is not ActorPipeline.Actors.Serialization.SerializationException)
            {
                string reason = ActorPipeline.Actors.Persistence.JournalFaults.Describe(e);
                if (since is null)
                {
                    since = DateTime.UtcNow;
                    Console.WriteLine(JournalOutageLines.Unavailable(since.Value, journal.Description, reason));
                }
                if (limit > TimeSpan.Zero && DateTime.UtcNow - since.Value > limit)
                    throw SweepStoppedException.JournalOutage(since.Value, limit, journal.Description, reason);
                await Task.Delay(ActorPipeline.Actors.Persistence.JournalBackoff.Default.Delay(attempt), cancellation);
            }
        }
    }

    private static void PrintSummary(IReadOnlyList<ProblemState> states)
    {
        foreach (var state in states)
        {
            var last = state.Repetitions.Values.Where(r => r.Trained.Count > 0).Select(r => r.Trained.Values.Last()).ToList();
            string dense = state.Dense is { } d ? $"dense {d.TestAccuracy:P1}" : "dense not trained";
            string pruned = last.Count > 0 ? $", last iteration: median test acc {Median.Of(last.Select(l => l.TestAccuracy)):P1} at {Median.Of(last.Select(l => l.OverallSparsity)):P1} sparsity" : "";
            Console.WriteLine($"  {state.Problem,-8} {dense}{pruned}; {state.CompletedRepetitions} repetitions completed, {state.FailedRepetitions} failed");
        }
    }
}
