using System.CommandLine;
using System.Diagnostics;
using ActorPipeline.Host.Cli;
using ActorPipeline.Ml.Data;
using ActorPipeline.Ml.Devices;
using ActorPipeline.Ml.Experiments;
using ActorPipeline.Ml.Models;
using ActorPipeline.Ml.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace ActorPipeline.Host.Commands;

/// <summary>
/// `train`: trains one problem's dense network as the paper does and writes its checkpoints (rewind
/// point and final), metrics.csv and dense.json into a folder named by the hash of the settings.
/// Rerunning the same command skips a finished training or resumes an interrupted one.
/// </summary>
internal static class TrainCommand
{
    /// <summary>What identifies a dense training; its hash names the output folder.</summary>
    internal sealed record DenseRunSettings(
        string Problem, string Architecture, int Epochs, int BatchSize, double LearningRate, double WeightDecay,
        int? Patience, bool Augment, long Seed, int? TrainLimit, int? TestLimit, int RewindEpoch, string DataMd5);

    public static Command Create()
    {
        var problem = new Option<string>("--problem") { Description = "cifar2, cifar4, cifar6, cifar8 or cifar10.", Required = true };
        var epochs = new Option<int?>("--epochs") { Description = "Training epochs (default: the paper's T from Table 2)." };
        var data = Cifar10Loading.DataOption();
        var noDownload = Cifar10Loading.NoDownloadOption();
        var device = new Option<string>("--device") { Description = "cpu, cuda, cuda:N or auto.", DefaultValueFactory = _ => "auto" };
        var seed = new Option<long>("--seed") { Description = "Seed of the splits, the initial weights, data order, augmentation and dropout.", DefaultValueFactory = _ => 0 };
        var output = new Option<string?>("--out") { Description = "Output folder (default: runs/dense-<problem>-<settings hash>)." };
        var trainLimit = new Option<int?>("--train-limit") { Description = "Use only this many training images (stratified; for smoke runs)." };
        var testLimit = new Option<int?>("--test-limit") { Description = "Use only this many test images (stratified)." };
        var rewindEpoch = new Option<int>("--rewind-epoch") { Description = "Epoch whose weights IMP rewinds to.", DefaultValueFactory = _ => PaperProtocol.RewindEpoch };
        var patience = new Option<int?>("--patience") { Description = "Early-stopping patience (default: 20 for cifar8/cifar10, none otherwise)." };
        var noEarlyStopping = new Option<bool>("--no-early-stopping") { Description = "Train all epochs and use no validation split." };
        var noAugment = new Option<bool>("--no-augment") { Description = "Train without augmentation." };
        var batchSize = new Option<int>("--batch-size") { DefaultValueFactory = _ => 128 };
        var command = new Command("train", "Train one problem's dense network; write its rewind and final checkpoints and a metrics CSV.")
        {
            problem, epochs, data, noDownload, device, seed, output, trainLimit, testLimit, rewindEpoch, patience, noEarlyStopping, noAugment, batchSize,
        };
        command.SetAction((parse, cancellation) => CliErrors.RunAsync(async () =>
        {
            var protocol = PaperProtocol.For(parse.GetValue(problem)!);
            var target = ComputeDevices.Parse(parse.GetValue(device)!)[0];
            int? effectivePatience = parse.GetValue(noEarlyStopping) ? null
                : parse.GetValue(patience) ?? (protocol.EarlyStopping ? PaperProtocol.EarlyStoppingPatience : null);
            var options = new TrainingOptions
            {
                Epochs = parse.GetValue(epochs) ?? protocol.Epochs,
                BatchSize = parse.GetValue(batchSize),
                EarlyStoppingPatience = effectivePatience,
                Augment = !parse.GetValue(noAugment),
                Seed = parse.GetValue(seed),
            };
            options.Validate();

            var (location, dataset) = await Cifar10Loading.LoadAsync(parse.GetValue(data), !parse.GetValue(noDownload), cancellation);
            var problemData = ProblemData.Build(dataset, Problems.Get(protocol.Problem), options.Seed, new ProblemSplitOptions
            {
                UseValidation = effectivePatience is not null,
                TrainCap = parse.GetValue(trainLimit),
                TestCap = parse.GetValue(testLimit),
            });

            var settings = new DenseRunSettings(protocol.Problem, protocol.Architecture.ToString(), options.Epochs, options.BatchSize,
                options.LearningRate, options.WeightDecay, options.EarlyStoppingPatience, options.Augment, options.Seed,
                parse.GetValue(trainLimit), parse.GetValue(testLimit), parse.GetValue(rewindEpoch), location.Md5 ?? location.Path);
            var folder = parse.GetValue(output) ?? Path.Combine("runs", $"dense-{protocol.Problem}-{SettingsHash.Of(settings)}");
            Directory.CreateDirectory(folder);
            AtomicFile.WriteAllText(Path.Combine(folder, "settings.json"), System.Text.Json.JsonSerializer.Serialize(settings, new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));

            Console.WriteLine($"{protocol.Problem}: {protocol.Architecture}, {problemData.Train.Count:N0} train / {problemData.Validation?.Count ?? 0:N0} validation / {problemData.Test.Count:N0} test images, {options.Epochs} epochs{(effectivePatience is { } p ? $" (early stopping, patience {p})" : "")}, on {ComputeDevices.Describe(target)}");
            Console.WriteLine($"output: {Path.GetFullPath(folder)}");

            using var splits = DeviceSplits.Create(problemData, target);
            using var model = new PaperCnn(protocol.Architecture, problemData.Problem.ClassCount);
            model.to(target);
            using (var generator = new Generator(SeedStreams.Derive(options.Seed, "init"), target)) model.Initialize(generator);

            var clock = Stopwatch.StartNew();
            var result = new DenseTrainingJob(folder).Run(model, splits.Training, options, parse.GetValue(rewindEpoch),
                new BatchAugmentation(), report => Console.WriteLine(FormatEpoch(report, options.Epochs, clock.Elapsed)), cancellation);

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
