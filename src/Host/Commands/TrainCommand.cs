using System.CommandLine;
using System.Diagnostics;
using ActorPipeline.Host.Cli;
using ActorPipeline.Ml.Devices;
using ActorPipeline.Ml.Experiments;
using ActorPipeline.Ml.Training;
using ActorPipeline.Host.Configuration;
using ActorPipeline.Host.Planning;

namespace ActorPipeline.Host.Commands;

/// <summary>
/// `train`: one problem's dense network, by the recipe's <see cref="DenseRun"/>: the paper's plan with overrides,
/// or (`--sweep`) exactly the plan of a sweep's problem, which reproduces that sweep's dense training. Writes the
/// rewind point, the final weights, metrics.csv, dense.json and plan.json into a folder named by the hash of the
/// plan and data. Rerunning the same command skips a finished training or resumes an interrupted one.
/// </summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var problem = new Option<string>("--problem") { Description = "cifar2, cifar4, cifar6, cifar8 or cifar10.", Required = true };
        var sweep = new Option<string?>("--sweep") { Description = "Re-run this sweep folder's dense training of the problem with its plan and data (other plan options are then refused)." };
        var epochs = new Option<int?>("--epochs") { Description = "Training epochs (default: the paper's T from Table 2)." };
        var data = Cifar10Loading.DataOption();
        var noDownload = Cifar10Loading.NoDownloadOption();
        var device = new Option<string>("--device") { Description = "cpu, cuda, cuda:N or auto.", DefaultValueFactory = _ => "auto" };
        var seed = new Option<long?>("--seed") { Description = "Seed of the splits, the initial weights, data order, augmentation and dropout (default 0)." };
        var output = new Option<string?>("--out") { Description = "Output folder (default: runs/dense-<problem>-<plan hash>)." };
        var trainLimit = new Option<int?>("--train-limit") { Description = "Use only this many training images (stratified; for smoke runs)." };
        var testLimit = new Option<int?>("--test-limit") { Description = "Use only this many test images (stratified)." };
        var rewindEpoch = new Option<int?>("--rewind-epoch") { Description = $"Epoch whose weights IMP rewinds to (default {PaperProtocol.RewindEpoch})." };
        var patience = new Option<int?>("--patience") { Description = $"Early-stopping patience (default: {PaperProtocol.EarlyStoppingPatience} for cifar8/cifar10, none otherwise)." };
        var noEarlyStopping = new Option<bool>("--no-early-stopping") { Description = "Train all epochs and use no validation split." };
        var protocol = new ProtocolCliOptions();
        var command = new Command("train", "Train one problem's dense network; write its rewind and final checkpoints and a metrics CSV.")
        {
            problem, sweep, epochs, data, noDownload, device, seed, output, trainLimit, testLimit, rewindEpoch, patience, noEarlyStopping,
        };
        protocol.AddTo(command);
        var compute = new ComputeCliOptions();
        compute.AddTo(command);
        command.SetAction((parse, cancellation) => CliErrors.RunAsync(async () =>
        {
            var target = ComputeDevices.Parse(parse.GetValue(device)!)[0];
            ProblemPlan plan;
            Ml.Data.Cifar10Location location;
            Ml.Data.Cifar10Dataset dataset;
            string? sweepFolder = parse.GetValue(sweep);
            if (sweepFolder is not null)
            {
                var overridden = parse.CommandResult.Children.OfType<System.CommandLine.Parsing.OptionResult>()
                    .Where(o => !o.Implicit && o.Option.Name is not ("--problem" or "--sweep" or "--device" or "--out" or "--data" or "--no-download"))
                    .Select(o => o.Option.Name).ToList();
                if (overridden.Count > 0) throw new ArgumentException($"--sweep reproduces the sweep's plan; {string.Join(", ", overridden)} would change it (drop them, or train without --sweep).");
                var source = SweepSource.Open(sweepFolder, parse.GetValue(problem)!);
                plan = source.Plan;
                (location, dataset) = await source.LoadDataAsync(parse.GetValue(data), !parse.GetValue(noDownload), cancellation);
            }
            else
            {
                var config = new SweepConfig { Problems = [parse.GetValue(problem)!.ToLowerInvariant()] };
                if (parse.GetValue(epochs) is { } e) config.DenseEpochs = e;
                if (parse.GetValue(seed) is { } s) config.Seed = s;
                if (parse.GetValue(trainLimit) is { } tl) config.TrainLimit = tl;
                if (parse.GetValue(testLimit) is { } tsl) config.TestLimit = tsl;
                if (parse.GetValue(rewindEpoch) is { } r) config.RewindEpoch = r;
                if (parse.GetValue(patience) is { } p)
                {
                    config.EarlyStopping = "on";
                    config.Patience = p;
                }
                if (parse.GetValue(noEarlyStopping)) config.EarlyStopping = "off";
                protocol.ApplyTo(parse, config);
                compute.ApplyTo(parse, config);
                config.Validate();
                (location, dataset) = await Cifar10Loading.LoadAsync(parse.GetValue(data), !parse.GetValue(noDownload), cancellation);
                plan = SweepPlanner.Plan(config, location.Md5 ?? location.Path, "").Problems[0];
            }

            string checksum = location.Md5 ?? location.Path;
            var folder = parse.GetValue(output) ?? Path.Combine("runs", $"dense-{plan.Key}-{SettingsHash.Of(new { Plan = PlanIdentity.Identifying(plan), Data = checksum })}");
            Directory.CreateDirectory(folder);
            new RunPlanFile(plan, location.Path, checksum, sweepFolder is null ? null : Path.GetFullPath(sweepFolder)).Save(folder);

            var problemData = plan.Data(dataset);
            Console.WriteLine($"{plan.Problem}: {plan.Architecture}, {problemData.Train.Count:N0} train / {problemData.Validation?.Count ?? 0:N0} validation / {problemData.Test.Count:N0} test images, {plan.DenseEpochs} epochs{(plan.Patience is { } patienceUsed ? $" (early stopping on {plan.EarlyStoppingMonitor}, patience {patienceUsed})" : "")}, on {ComputeDevices.Describe(target)}");
            Console.WriteLine($"output: {Path.GetFullPath(folder)}");

            var clock = Stopwatch.StartNew();
            var result = DenseRun.Train(plan, problemData, target, folder, report => Console.WriteLine(FormatEpoch(report, plan.DenseEpochs, clock.Elapsed)), cancellation);

            Console.WriteLine($"done: {result.EpochsRun} epochs{(result.StoppedEarly ? $" (stopped early; best epoch {result.BestEpoch})" : "")}, test accuracy {result.FinalTestAccuracy:P2}");
            Console.WriteLine($"  final weights  {result.FinalWeightsPath}");
            Console.WriteLine($"  rewind point   {result.RewindWeightsPath} (end of epoch {result.RewindEpoch})");
            Console.WriteLine($"  metrics        {Path.Combine(folder, DenseTrainingJob.MetricsFile)}");
            return 0;
        }));
        return command;
    }

    private static string FormatEpoch(EpochReport r, int totalEpochs, TimeSpan elapsed)
    {
        var eta = TimeSpan.FromSeconds(r.Elapsed.TotalSeconds * (totalEpochs - r.Epoch));
        var validation = r.ValidationLoss is { } vl ? $"  val loss {vl:F4} acc {r.ValidationAccuracy:P1}" : "";
        return $"epoch {r.Epoch,3}/{totalEpochs}  train loss {r.TrainLoss:F4} acc {r.TrainAccuracy:P1}{validation}  test acc {r.TestAccuracy:P2}  {r.ImagesPerSecond,7:F0} img/s  {r.Elapsed.TotalSeconds:F1} s  (elapsed {elapsed:hh\\:mm\\:ss}, ETA ≤ {eta:hh\\:mm\\:ss})";
    }
}
