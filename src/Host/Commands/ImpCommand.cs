using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using TorchSharp;
using System.Text.Json;
using ActorPipeline.Host.Cli;
using ActorPipeline.Ml.Data;
using ActorPipeline.Ml.Devices;
using ActorPipeline.Ml.Experiments;
using ActorPipeline.Ml.Models;
using ActorPipeline.Ml.Pruning;
using ActorPipeline.Ml.Training;
using static TorchSharp.torch;

namespace ActorPipeline.Host.Commands;

/// <summary>
/// `imp`: one IMP repetition with late rewinding on top of a finished `train` run. Reuses the dense
/// run's data split (problem, split seed, limits), batch size, augmentation and early stopping, prints
/// sparsity and test accuracy per iteration and writes them to imp.csv. Rerunning the same command
/// skips finished iterations and resumes an interrupted one.
/// </summary>
internal static class ImpCommand
{
    public const string CsvFile = "imp.csv";
    public const string CsvHeader = "iteration,conv_sparsity,fc_sparsity,overall_sparsity,conv_alive,conv_total,fc_alive,fc_total,test_accuracy,epochs,best_epoch,stopped_early";

    public static Command Create()
    {
        var problem = new Option<string>("--problem") { Description = "cifar2, cifar4, cifar6, cifar8 or cifar10 (must match the dense run).", Required = true };
        var dense = new Option<string>("--dense") { Description = "Folder of a finished `train` run (dense.json, final.pt, rewind point, settings.json), or its final.pt.", Required = true };
        var iterations = new Option<int>("--iterations") { Description = "Prune–rewind–retrain iterations.", DefaultValueFactory = _ => PaperProtocol.ImpIterations };
        var epochs = new Option<int?>("--epochs") { Description = "Retraining epochs T per iteration (default: the dense run's epochs)." };
        var seed = new Option<long>("--seed") { Description = "The repetition's seed (data order, augmentation, dropout of every iteration).", DefaultValueFactory = _ => 0 };
        var data = Cifar10Loading.DataOption();
        var noDownload = Cifar10Loading.NoDownloadOption();
        var output = new Option<string?>("--out") { Description = "Repetition folder (default: <dense folder>/imp-seed<seed>-<settings hash>)." };
        var convRate = new Option<double?>("--conv-rate") { Description = "Fraction of surviving conv parameters pruned per iteration (default: the paper's Table 3)." };
        var fcRate = new Option<double?>("--fc-rate") { Description = "Fraction of surviving fc parameters pruned per iteration (default: the paper's Table 3)." };
        var pruneOutput = new Option<bool>("--prune-output") { Description = "Prune the output layer too (in the fc group)." };
        var pruneBatchNorm = new Option<bool>("--prune-batchnorm") { Description = "Prune batch-norm scales and shifts too (in their block's group)." };
        var perLayer = new Option<bool>("--per-layer") { Description = "Prune each layer at its group's rate instead of pooling each group." };
        var device = new Option<string>("--device") { Description = "cpu, cuda, cuda:N or auto.", DefaultValueFactory = _ => "auto" };
        var trainLimit = new Option<int?>("--train-limit") { Description = "Training images (default: the dense run's limit, so the split matches)." };
        var testLimit = new Option<int?>("--test-limit") { Description = "Test images (default: the dense run's limit)." };
        var command = new Command("imp", "Iterative magnitude pruning with late rewinding on a finished dense run; print and write sparsity and accuracy per iteration.")
        {
            problem, dense, iterations, epochs, seed, data, noDownload, output, convRate, fcRate, pruneOutput, pruneBatchNorm, perLayer, device, trainLimit, testLimit,
        };
        command.SetAction((parse, cancellation) => CliErrors.RunAsync(async () =>
        {
            var protocol = PaperProtocol.For(parse.GetValue(problem)!);
            var target = ComputeDevices.Parse(parse.GetValue(device)!)[0];
            var (denseFolder, denseResult, denseSettings) = LoadDense(parse.GetValue(dense)!);
            if (!string.Equals(denseSettings.Problem, protocol.Problem, StringComparison.OrdinalIgnoreCase))
                throw new ArgumentException($"The dense run in {denseFolder} is for {denseSettings.Problem}, not {protocol.Problem}.");
            if (denseSettings.Architecture != protocol.Architecture.ToString())
                throw new ArgumentException($"The dense run in {denseFolder} trained {denseSettings.Architecture}, but {protocol.Problem} is {protocol.Architecture}.");

            var settings = new ImpSettings
            {
                Iterations = parse.GetValue(iterations),
                PruningOptions = new PruningOptions
                {
                    ConvRate = parse.GetValue(convRate) ?? protocol.ConvPruningRate,
                    FcRate = parse.GetValue(fcRate) ?? protocol.FcPruningRate,
                    PruneOutputLayer = parse.GetValue(pruneOutput),
                    PruneBatchNorm = parse.GetValue(pruneBatchNorm),
                    Grouping = parse.GetValue(perLayer) ? PruningGrouping.PerLayer : PruningGrouping.PooledPerGroup,
                },
                TrainingOptions = new TrainingOptions
                {
                    Epochs = parse.GetValue(epochs) ?? denseSettings.Epochs,
                    BatchSize = denseSettings.BatchSize,
                    LearningRate = denseSettings.LearningRate,
                    WeightDecay = denseSettings.WeightDecay,
                    EarlyStoppingPatience = denseSettings.Patience,
                    Augment = denseSettings.Augment,
                },
                Seed = parse.GetValue(seed),
            };
            settings.Validate();

            int? trainCap = parse.GetValue(trainLimit) ?? denseSettings.TrainLimit;
            int? testCap = parse.GetValue(testLimit) ?? denseSettings.TestLimit;
            if (trainCap != denseSettings.TrainLimit || testCap != denseSettings.TestLimit)
                Console.Error.WriteLine($"WARNING: limits {trainCap?.ToString() ?? "none"}/{testCap?.ToString() ?? "none"} differ from the dense run's {denseSettings.TrainLimit?.ToString() ?? "none"}/{denseSettings.TestLimit?.ToString() ?? "none"}: the data split is not the dense training's.");

            var (location, dataset) = await Cifar10Loading.LoadAsync(parse.GetValue(data), !parse.GetValue(noDownload), cancellation);
            if ((location.Md5 ?? location.Path) != denseSettings.DataMd5)
                Console.Error.WriteLine($"WARNING: CIFAR-10 copy {location.Md5 ?? location.Path} is not the one the dense run used ({denseSettings.DataMd5}).");
            // The split seed is the dense run's, so train/validation/test are the images it trained on.
            var problemData = ProblemData.Build(dataset, Problems.Get(protocol.Problem), denseSettings.Seed, new ProblemSplitOptions
            {
                UseValidation = denseSettings.Patience is not null,
                TrainCap = trainCap,
                TestCap = testCap,
            });

            var runHash = SettingsHash.Of(new { Job = ImpRepetitionJob.SettingsHashOf(settings, denseResult), trainCap, testCap, Data = location.Md5 ?? location.Path });
            var folder = parse.GetValue(output) ?? Path.Combine(denseFolder, $"imp-seed{settings.Seed}-{runHash}");
            Directory.CreateDirectory(folder);
            AtomicFile.WriteAllText(Path.Combine(folder, "imp-settings.json"), JsonSerializer.Serialize(new
            {
                DenseFolder = Path.GetFullPath(denseFolder),
                settings.Iterations,
                settings.Seed,
                settings.PruningOptions,
                Training = settings.TrainingOptions,
                TrainLimit = trainCap,
                TestLimit = testCap,
                SplitSeed = denseSettings.Seed,
            }, new JsonSerializerOptions { WriteIndented = true }));

            var o = settings.PruningOptions;
            Console.WriteLine($"{protocol.Problem}: IMP, {settings.Iterations} iterations × {settings.TrainingOptions.Epochs} epochs, rates conv {o.ConvRate:P0} / fc {o.FcRate:P0} ({o.Grouping}{(o.PruneOutputLayer ? ", output pruned" : "")}{(o.PruneBatchNorm ? ", batch norm pruned" : "")}), rewind to epoch {denseResult.RewindEpoch}, seed {settings.Seed}, on {ComputeDevices.Describe(target)}");
            Console.WriteLine($"{problemData.Train.Count:N0} train / {problemData.Validation?.Count ?? 0:N0} validation / {problemData.Test.Count:N0} test images; dense: {Path.GetFullPath(denseFolder)} (test accuracy {denseResult.FinalTestAccuracy:P2})");
            Console.WriteLine($"output: {Path.GetFullPath(folder)}");

            using var splits = DeviceSplits.Create(problemData, target);
            using var model = new PaperCnn(protocol.Architecture, problemData.Problem.ClassCount);
            model.to(target);

            SparsityReport denseReport;
            using (var all = MaskSet.Dense(model, o)) denseReport = all.Sparsity();
            var rows = new List<string> { CsvHeader, CsvRow(0, denseReport, denseResult.FinalTestAccuracy, denseResult.EpochsRun, denseResult.BestEpoch, denseResult.StoppedEarly) };
            Console.WriteLine($"{"iter",4}  {"conv sp.",8}  {"fc sp.",8}  {"overall",8}  {"test acc",8}  epochs");
            Console.WriteLine($"{0,4}  {0.0,8:P2}  {0.0,8:P2}  {0.0,8:P2}  {denseResult.FinalTestAccuracy,8:P2}  {denseResult.EpochsRun} (dense)");

            var clock = Stopwatch.StartNew();
            var iterationClock = Stopwatch.StartNew();
            new ImpRepetitionJob(folder).Run(model, splits.Training, settings, denseResult, new BatchAugmentation(),
                iterationCompleted: r =>
                {
                    rows.Add(CsvRow(r.Iteration, r.Sparsity, r.TestAccuracy, r.EpochsTrained, r.BestEpoch, r.StoppedEarly));
                    AtomicFile.WriteAllText(Path.Combine(folder, CsvFile), string.Join('\n', rows) + "\n");
                    Console.WriteLine($"{r.Iteration,4}  {r.ConvSparsity,8:P2}  {r.FcSparsity,8:P2}  {r.OverallSparsity,8:P2}  {r.TestAccuracy,8:P2}  {r.EpochsTrained}{(r.StoppedEarly ? $" (best {r.BestEpoch})" : "")}  {iterationClock.Elapsed.TotalSeconds:F1} s");
                    iterationClock.Restart();
                },
                progress: (iteration, e) => Console.WriteLine($"      iteration {iteration} epoch {e.Epoch,3}/{settings.TrainingOptions.Epochs}  train loss {e.TrainLoss:F4} acc {e.TrainAccuracy:P1}  test acc {e.TestAccuracy:P2}  {e.Elapsed.TotalSeconds:F1} s"),
                cancellation: cancellation);

            Console.WriteLine($"done in {clock.Elapsed:hh\\:mm\\:ss}: {Path.GetFullPath(Path.Combine(folder, CsvFile))}");
            return 0;
        }));
        return command;
    }

    private static (string Folder, DenseTrainingResult Result, TrainCommand.DenseRunSettings Settings) LoadDense(string path)
    {
        string folder;
        if (File.Exists(path)) folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        else if (Directory.Exists(path)) folder = path;
        else throw new DirectoryNotFoundException($"Dense run {path} does not exist; run `train` first.");

        var result = new DenseTrainingJob(folder).TryLoadResult()
                     ?? throw new InvalidOperationException($"{folder} holds no finished dense training ({DenseTrainingJob.SummaryFile} is missing); run or finish `train` first.");
        if (File.Exists(path) && Path.GetFullPath(path) != Path.GetFullPath(result.FinalWeightsPath))
            throw new ArgumentException($"{path} is not the final checkpoint of the dense run in {folder} ({result.FinalWeightsPath}); pass the run folder.");
        var settingsPath = Path.Combine(folder, "settings.json");
        if (!File.Exists(settingsPath))
            throw new FileNotFoundException($"{settingsPath} is missing: IMP reuses the dense run's data split and training settings from it.", settingsPath);
        TrainCommand.DenseRunSettings? settings;
        try
        {
            settings = JsonSerializer.Deserialize<TrainCommand.DenseRunSettings>(File.ReadAllText(settingsPath));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{settingsPath} is unreadable: {e.Message}", e);
        }
        return (folder, result, settings ?? throw new InvalidDataException($"{settingsPath} is empty."));
    }

    private static string CsvRow(int iteration, SparsityReport s, double accuracy, int epochs, int? bestEpoch, bool stoppedEarly) =>
        string.Join(',', iteration.ToString(CultureInfo.InvariantCulture), F(s.Conv), F(s.Fc), F(s.Overall),
            (s.ConvTotal - s.ConvPruned).ToString(CultureInfo.InvariantCulture), s.ConvTotal.ToString(CultureInfo.InvariantCulture),
            (s.FcTotal - s.FcPruned).ToString(CultureInfo.InvariantCulture), s.FcTotal.ToString(CultureInfo.InvariantCulture),
            F(accuracy), epochs.ToString(CultureInfo.InvariantCulture), bestEpoch?.ToString(CultureInfo.InvariantCulture) ?? "",
            stoppedEarly ? "true" : "false");

    private static string F(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
