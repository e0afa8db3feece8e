using ActorPipeline.Host.Hosting;
using System.CommandLine;
using ActorPipeline.Actors.Compute;
using ActorPipeline.Host.Cli;
using ActorPipeline.Host.Cluster;
using ActorPipeline.Host.Telemetry;
using ActorPipeline.Ml.Devices;

namespace ActorPipeline.Host.Commands;

/// <summary>
/// `worker`: a compute node of a cluster sweep. Joins the coordinator (`sweep … --cluster-listen`), pulls work for its
/// devices × slots, writes artifacts under its mount of the shared sweep folder, and exits 0 when the sweep is complete.
/// </summary>
internal static class WorkerCommand
{
    public static Command Create()
    {
        var join = new Option<string>("--join") { Description = "The coordinator's HOST:PORT (its --cluster-listen, or --public-host:port).", Required = true };
        var devices = new Option<string>("--devices") { Description = "auto (every GPU, else the CPU), cpu, or cuda:0,cuda:1,...", DefaultValueFactory = _ => "auto" };
        var slots = new Option<int>("--slots-per-device") { Description = "Concurrent pieces of work per device.", DefaultValueFactory = _ => 1 };
        // --sweep-root was its first name; it is kept, but it read as "the folder above the sweep folder" to new users.
        var sweepFolder = new Option<string>("--sweep-folder", "--sweep-root") { Description = "The sweep folder itself (the one holding sweep.json, the coordinator's --out), as mounted on this machine (a shared filesystem).", Required = true };
        var listen = new Option<string>("--listen") { Description = "HOST:PORT this node listens on (port 0: any free one).", DefaultValueFactory = _ => "127.0.0.1:0" };
        var publicHost = new Option<string?>("--public-host") { Description = "The host name the coordinator reaches this node at, if not the listen address (NAT, containers)." };
        var data = Cifar10Loading.DataOption();
        var noDownload = Cifar10Loading.NoDownloadOption();
        var command = new Command("worker", "Join a cluster sweep as a compute node: pull work for this machine's devices until the sweep is complete.")
        {
            join, devices, slots, sweepFolder, listen, publicHost, data, noDownload,
        };
        var telemetry = new TelemetryCliOptions();
        telemetry.AddTo(command);
        var security = new ClusterSecurityCli();
        security.AddTo(command);
        command.SetAction((parse, cancellation) => CliErrors.RunAsync(async () =>
        {
            if (parse.GetValue(slots) <= 0) throw new ArgumentException("--slots-per-device must be positive.");
            var root = SweepFolderArgument.Resolve(parse.GetValue(sweepFolder)!);
            var listenAt = ClusterEndpoint.Parse(parse.GetValue(listen)!, "--listen");
            var settings = new WorkerSettings(ClusterEndpoint.Parse(parse.GetValue(join)!, "--join"), listenAt,
                parse.GetValue(publicHost), ComputeDevices.ParseNames(parse.GetValue(devices)!), parse.GetValue(slots), root)
            {
                Tls = security.Resolve(parse, listenAt, "--listen", Console.Out),
            };

            var telemetrySettings = telemetry.Resolve(parse, $"worker {settings.Cluster.AdvertisedHost}:{(settings.Listen.Port == 0 ? $"pid{Environment.ProcessId}" : settings.Listen.Port)}");
            // The checksum is checked against the sweep's as soon as the coordinator answers; the images are read at the first work.
            var location = await Cifar10Loading.ConsoleSource(!parse.GetValue(noDownload)).ResolveAsync(parse.GetValue(data), cancellation);
            string checksum = location.Md5 ?? location.Path;
            var dataset = new Lazy<ActorPipeline.Ml.Data.Cifar10Dataset>(() => Cifar10Loading.Read(location));
            var compute = new TorchExperimentCompute(new ProblemDataProvider(() => dataset.Value), checksum);
            try
            {
                return await WorkerRunner.RunAsync(settings, compute, sweep => WorkerAdmission.Check(sweep, root, location.Path, checksum), Console.Out, telemetrySettings, cancellation);
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                // Not "run the same command again": a worker's stop loses nothing, its work resumes on another node.
                Console.Error.WriteLine("stopped: this worker left the cluster; its running work goes back to the coordinator's queue (no failed attempt). Start a worker again to add capacity.");
                return 130;
            }
        }));
        return command;
    }
}
