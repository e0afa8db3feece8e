using System.Diagnostics;
using ActorPipeline.Actors.Compute;
using ActorPipeline.Actors.Observers;
using ActorPipeline.Actors.Persistence;
using ActorPipeline.Actors.Problems;
using ActorPipeline.Host.Cli;
using ActorPipeline.Host.Hosting;
using ActorPipeline.Host.Reports;
using ActorPipeline.Host.Results;
using ActorPipeline.Ml.Devices;

namespace ActorPipeline.Host.UseCases;

/// <summary>
/// `sweep`: prepares the sweep (<see cref="SweepPreparation"/>), starts its host, reads what the journal already holds,
/// runs what remains (nothing when complete), then writes results/, the report and the summary. The same request after a
/// crash continues where it stopped.
/// </summary>
public static class RunOrResumeSweep
{
    /// <returns>The process's exit code: 0, or <see cref="SweepSummary.ExitFinishedWithFailures"/>.</returns>
    public static async Task<int> RunAsync(SweepRequest request, TextWriter output, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        var settings = request.Settings;
        var devices = request.Cluster?.LocalDevices ?? ComputeDevices.ParseNames(settings.Devices);
        using var prepared = await SweepPreparation.PrepareAsync(request, cancellation);
        var plan = prepared.Plan;
        PrintHeader(request, prepared, devices, output);

        // Read only when this process computes (a cluster coordinator without local devices never touches the images).
        var dataset = new Lazy<ActorPipeline.Ml.Data.Cifar10Dataset>(() => Cifar10Loading.Read(prepared.Data));
        string logFile = Path.Combine(prepared.Folder, SweepLogFile.FileName);
        var run = new SweepRun(plan, prepared.Journal, devices, settings.SlotsPerDevice, new TorchExperimentCompute(new ProblemDataProvider(() => dataset.Value), plan.DataChecksum))
        {
            Cluster = request.Cluster?.Node,
            LogFile = logFile,
            JournalOutageLimit = JournalOutageLimit.Parse(settings.JournalOutageLimit),
            Telemetry = request.Telemetry,
            AddOn = request.LivePage is { } page
                ? new Live.LivePageHosting(page, Live.LiveSweepSource.Load(prepared.Folder, page.CompareWith).Source, new SweepActivitySource()).AsAddOn()
                : null,
        };
        if (request.Telemetry.Enabled) output.WriteLine($"telemetry: OTLP {request.Telemetry.Protocol} to {request.Telemetry.TracesEndpoint}");

        IReadOnlyList<ProblemState> states;
        IReadOnlyList<string> unfinished = [];
        await using (var sweep = await SweepHost.StartAsync(run, cancellation))
        {
            ActorPipeline.Actors.Tracing.PipelineLog.Use(sweep.Loggers);
            var system = sweep.System;
            prepared.WriterLock.Watch(notice => output.WriteLine($"{DateTime.Now:HH:mm:ss} {notice}"),
                holder => system.EventStream.Publish(new ActorPipeline.Actors.Sweeps.SweepLockTaken(holder)));
            if (sweep.AddOnLine is { } live) output.WriteLine(live);
            states = await JournalOutageWait.ReadProblemsAsync(sweep, prepared.Journal.Description, run.JournalOutageLimit, output, cancellation);
            if (plan.Problems.Zip(states, (p, s) => s.IsFinished(p.Repetitions)).All(finished => finished))
            {
                output.WriteLine("already complete: nothing to run.");
            }
            else
            {
                var initial = plan.Problems.Zip(states, SweepProgressCount.Of).ToList();
                bool interactive = !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("CI") is null;
                ProgressDisplays.Attach(sweep.System, initial, output, interactive);
                if (request.Cluster is not null) sweep.System.ActorOf(ClusterNodeDisplay.Props(output), "cluster-nodes");
                request.Observe?.Invoke(sweep.System);
                var outcome = await sweep.RunAsync(cancellation);
                states = outcome.Problems.Select(p => p.State).ToList();
                unfinished = outcome.Problems.Where(p => p.Abandoned is not null).Select(p => $"{p.Problem}: not finished in this run: {p.Abandoned}").ToList();
            }
        }

        var results = ResultsWriter.Write(prepared.Folder, plan.SweepId, states);
        output.WriteLine($"results {results} ({clock.Elapsed:hh\\:mm\\:ss})");
        if (states.Any(s => s.Repetitions.Values.Any(r => r.Trained.Count > 0)))
            output.WriteLine($"report  {ReportGenerator.Generate(prepared.Folder).HtmlPath}");
        return SweepSummary.Print(states, unfinished, output);
    }

    private static void PrintHeader(SweepRequest request, PreparedSweep prepared, IReadOnlyList<string> devices, TextWriter output)
    {
        var settings = request.Settings;
        var plan = prepared.Plan;
        output.WriteLine($"sweep {plan.SweepId}: {string.Join(", ", plan.Problems.Select(p => p.Problem))}; {settings.Repetitions} repetitions × {settings.Iterations} IMP iterations; " +
                         (devices.Count > 0 ? $"devices {string.Join(",", devices)} × {settings.SlotsPerDevice} slot{(settings.SlotsPerDevice == 1 ? "" : "s")}" : "no local devices"));
        if (request.Cluster is { } cluster)
        {
            var tls = cluster.Node.Tls;
            output.WriteLine($"cluster coordinator on {cluster.Node.AdvertisedAddress} ({(tls is null ? "clear text" : "mutual TLS")}); workers join with: actorpipeline worker --join {cluster.Node.AdvertisedAddress} " +
                             $"--sweep-folder <this folder on the worker's machine>{(tls is null ? "" : " --tls <a TLS folder of this cluster>")} --devices auto --slots-per-device N");
            if (tls is not null) output.WriteLine($"tls     CA {tls.Authority.Subject}, SHA-256 {tls.AuthorityFingerprint}");
        }
        output.WriteLine($"folder  {prepared.Folder}");
        output.WriteLine($"journal {prepared.Journal.Description}");
    }
}
