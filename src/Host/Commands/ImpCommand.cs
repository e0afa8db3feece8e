using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using ActorPipeline.Actors.Compute;
using ActorPipeline.Actors.Events;
using ActorPipeline.Actors.Problems;
using ActorPipeline.Host.Cli;
using ActorPipeline.Host.Results;
using ActorPipeline.Ml.Devices;
using ActorPipeline.Ml.Experiments;
using ActorPipeline.Ml.Pruning;

namespace ActorPipeline.Host.Commands;

/// <summary>
/// `imp`: one IMP repetition by the recipe's <see cref="RepetitionRun"/>, each iteration trained and then measured
/// against the dense network: on a finished `train` run (`--dense`), or (`--sweep`) exactly repetition r of a
/// sweep's problem, from the sweep's own dense network and plan, which gives the sweep's rows byte for byte on the
/// CPU. Prints sparsity, accuracy and SVCCA per iteration; writes imp.csv and, in the sweep's schema,
/// results/accuracy.csv and results/similarity.csv. Rerunning skips finished iterations and resumes an interrupted one.
/// </summary>
internal static class ImpCommand
{
    public const string CsvFile = "imp.csv";
    public const string CsvHeader = "iteration,conv_sparsity,fc_sparsity,overall_sparsity,conv_alive,conv_total,fc_alive,fc_total,test_accuracy,epochs,best_epoch,stopped_early";

    public static Command Create()
    {
        var problem = new Option<string>("--problem") { Description = "cifar2, cifar4, cifar6, cifar8 or cifar10 (must match the dense run).", Required = true };
        var sweep = new Option<string?>("--sweep") { Description = "Re-run a repetition of this sweep folder: its plan, its dense network, its data." };
        var dense = new Option<string?>("--dense") { Description = "Folder of a finished `train` run (dense.json, final.pt, rewind point, plan.json), or its final.pt." };
        var repetition = new Option<int>("--repetition") { Description = "The repetition (0-based): its seed derives from the plan's, as in a sweep.", DefaultValueFactory = _ => 0 };
        var iterations = new Option<int?>("--iterations") { Description = "Run only the first k prune–rewind–retrain iterations (default: the plan's)." };
        var epochs = new Option<int?>("--epochs") { Description = "With --dense: retraining epochs per iteration (default: the dense run's epochs)." };
        var data = Cifar10Loading.DataOption();
        var noDownload = Cifar10Loading.NoDownloadOption();
        var output = new Option<string?>("--out") { Description = "Repetition folder (default: runs/imp-<problem>-rep<r>-<plan hash>)." };
        var convRate = new Option<double?>("--conv-rate") { Description = "With --dense: fraction of surviving conv parameters pruned per iteration (default: the paper's Table 3)." };
        var fcRate = new Option<double?>("--fc-rate") { Description = "With --dense: fraction of surviving fc parameters pruned per iteration (default: the paper's Table 3)." };
        var pruneOutput = new Option<bool>("--prune-output") { Description = "With --dense: prune the output layer too (in the fc group)." };
        var pruneBatchNorm = new Option<bool>("--prune-batchnorm") { Description = "With --dense: prune batch-norm scales and shifts too (in their block's group)." };
        var perLayer = new Option<bool>("--per-layer") { Description = "With --dense: prune each layer at its group's rate instead of pooling each group." };
        var device = new Option<string>("--device") { Description = "cpu, cuda, cuda:N or auto.", DefaultValueFactory = _ => "auto" };
        var command = new Command("imp", "Iterative magnitude pruning with late rewinding, one repetition: of a sweep (--sweep) or on a finished dense run (--dense); print and write sparsity, accuracy and similarity per iteration.")
        {
            problem, sweep, dense, repetition, iterations, epochs, data, noDownload, output, convRate, fcRate, pruneOutput, pruneBatchNorm, perLayer, device,
        };
        command.SetAction((parse, cancellation) => CliErrors.RunAsync(async () =>
        {
            var target = ComputeDevices.Parse(parse.GetValue(device)!)[0];
            int rep = parse.GetValue(repetition);
            ProblemPlan plan;
            string denseFolder;
            Ml.Data.Cifar10Location location;
            Ml.Data.Cifar10Dataset dataset;
            string? sweepFolder = parse.GetValue(sweep);
            if ((sweepFolder is null) == (parse.GetValue(dense) is null)) throw new ArgumentException("Give either --sweep <sweep folder> or --dense <train folder>.");
            if (sweepFolder is not null)
            {
                var changes = new Option[] { epochs, convRate, fcRate, pruneOutput, pruneBatchNorm, perLayer }.Where(o => parse.GetResult(o) is { Implicit: false }).Select(o => o.Name).ToList();
                if (changes.Count > 0) throw new ArgumentException($"--sweep reproduces the sweep's plan; {string.Join(", ", changes)} would change it (drop them, or use --dense).");
                var source = SweepSource.Open(sweepFolder, parse.GetValue(problem)!);
                plan = source.Plan;
                denseFolder = source.DenseFolder;
                (location, dataset) = await source.LoadDataAsync(parse.GetValue(data), !parse.GetValue(noDownload), cancellation);
            }
            else
            {
                denseFolder = DenseFolderOf(parse.GetValue(dense)!);
                var trained = RunPlanFile.Load(denseFolder);
                if (trained.Plan.Key != parse.GetValue(problem)!.ToLowerInvariant())
                    throw new ArgumentException($"The dense run in {denseFolder} is for {trained.Plan.Problem}, not {parse.GetValue(problem)}.");
                plan = trained.Plan with
                {
                    ImpEpochs = parse.GetValue(epochs) ?? trained.Plan.DenseEpochs,
                    ConvRate = parse.GetValue(convRate) ?? trained.Plan.ConvRate,
                    FcRate = parse.GetValue(fcRate) ?? trained.Plan.FcRate,
                    PruneOutputLayer = parse.GetValue(pruneOutput),
                    PruneBatchNorm = parse.GetValue(pruneBatchNorm),
                    PruningGrouping = parse.GetValue(perLayer) ? ProtocolChoices.PerLayer : ProtocolChoices.Pooled,
                };
                (location, dataset) = await Cifar10Loading.LoadAsync(parse.GetValue(data) ?? trained.DataPath, !parse.GetValue(noDownload), cancellation);
                if ((location.Md5 ?? location.Path) != trained.DataChecksum)
                    throw new ArgumentException($"The CIFAR-10 copy {location.Path} is not the one the dense run in {denseFolder} used ({trained.DataChecksum}); pass that copy with --data.");
            }
            int lastIteration = parse.GetValue(iterations) ?? plan.Iterations;
            if (lastIteration < 1) throw new ArgumentException($"--iterations must be at least 1, not {lastIteration}.");
            if (rep < 0 || (sweepFolder is not null && rep >= plan.Repetitions))
                throw new ArgumentException($"--repetition {rep} is outside the plan's repetitions 0..{plan.Repetitions - 1}.");
            plan = plan with { Iterations = Math.Max(lastIteration, plan.Iterations) };
            plan.Validate();

            string checksum = location.Md5 ?? location.Path;
            var folder = parse.GetValue(output) ?? Path.Combine("runs", $"imp-{plan.Key}-rep{rep:D2}-{SettingsHash.Of(new { Plan = PlanIdentity.Identifying(plan), Data = checksum, Dense = Path.GetFullPath(denseFolder) })}");
            Directory.CreateDirectory(folder);
            new RunPlanFile(plan, location.Path, checksum, sweepFolder is null ? null : Path.GetFullPath(sweepFolder), rep).Save(folder);

            using var run = new RepetitionRun(plan, plan.Data(dataset), denseFolder, rep, folder, target);
            var o = plan.Pruning();
            Console.WriteLine($"{plan.Problem} repetition {rep}: IMP, {lastIteration} iterations × {plan.ImpEpochs} epochs, rates conv {o.ConvRate:P0} / fc {o.FcRate:P0} ({o.Grouping}{(o.PruneOutputLayer ? ", output pruned" : "")}{(o.PruneBatchNorm ? ", batch norm pruned" : "")}), rewind to epoch {run.Dense.RewindEpoch}, seed {plan.RepetitionSeed(rep)}, on {ComputeDevices.Describe(target)}");
            Console.WriteLine($"dense: {Path.GetFullPath(denseFolder)} (test accuracy {run.Dense.FinalTestAccuracy:P2}); output: {Path.GetFullPath(folder)}");

            // The same events a sweep persists, folded the same way, so the rows are the sweep's rows.
            var state = new ProblemState(plan.Problem).Apply(new DenseTrained(plan.Problem, run.Dense.FinalWeightsPath, run.Dense.RewindWeightsPath, run.Dense.EpochsRun, run.Dense.FinalTestAccuracy));
            var rows = new List<string> { CsvHeader, CsvRow(0, run.DenseSparsity(), run.Dense.FinalTestAccuracy, run.Dense.EpochsRun, run.Dense.BestEpoch, run.Dense.StoppedEarly) };
            Console.WriteLine($"{"iter",4}  {"conv sp.",8}  {"fc sp.",8}  {"overall",8}  {"test acc",8}  {"svcca¹",7}  epochs");
            Console.WriteLine($"{0,4}  {0.0,8:P2}  {0.0,8:P2}  {0.0,8:P2}  {run.Dense.FinalTestAccuracy,8:P2}  {"",7}  {run.Dense.EpochsRun} (dense)");
            var clock = Stopwatch.StartNew();
            for (int iteration = 1; iteration <= lastIteration; iteration++)
            {
                var iterationClock = Stopwatch.StartNew();
                int current = iteration;
                var trained = run.TrainIteration(iteration,
                    e => Console.WriteLine($"      iteration {current} epoch {e.Epoch,3}/{plan.ImpEpochs}  train loss {e.TrainLoss:F4} acc {e.TrainAccuracy:P1}  test acc {e.TestAccuracy:P2}  {e.Elapsed.TotalSeconds:F1} s"),
                    cancellation);
                var layers = run.MeasureIteration(iteration, cancellation: cancellation);
                state = state.Apply(IterationTrained.From(plan.Problem, rep, IterationOutcome.From(trained)))
                             .Apply(SimilarityMeasured.From(plan.Problem, rep, iteration, layers));
                rows.Add(CsvRow(iteration, trained.Sparsity, trained.TestAccuracy, trained.EpochsTrained, trained.BestEpoch, trained.StoppedEarly));
                AtomicFileWrite(folder, rows, state);
                double meanSvcca = layers.Select(l => l.Values.GetValueOrDefault("svcca", double.NaN)).DefaultIfEmpty(double.NaN).Average();
                Console.WriteLine($"{iteration,4}  {trained.ConvSparsity,8:P2}  {trained.FcSparsity,8:P2}  {trained.OverallSparsity,8:P2}  {trained.TestAccuracy,8:P2}  {meanSvcca,7:F4}  {trained.EpochsTrained}{(trained.StoppedEarly ? $" (best {trained.BestEpoch})" : "")}  {iterationClock.Elapsed.TotalSeconds:F1} s");
            }
            Console.WriteLine($"¹ mean over layers of the SVCCA similarity with the dense network; every layer and metric: {Path.GetFullPath(Path.Combine(folder, ResultsWriter.Folder, ResultsWriter.SimilarityFile))}");
            Console.WriteLine($"done in {clock.Elapsed:hh\\:mm\\:ss}: {Path.GetFullPath(Path.Combine(folder, CsvFile))}");
            return 0;
        }));
        return command;
    }

    private static void AtomicFileWrite(string folder, IReadOnlyList<string> rows, ProblemState state)
    {
        Ml.Training.AtomicFile.WriteAllText(Path.Combine(folder, CsvFile), string.Join('\n', rows) + "\n");
        ResultsWriter.WriteTables(folder, [state]);
    }

    private static string DenseFolderOf(string path)
    {
        string folder;
        if (File.Exists(path)) folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        else if (Directory.Exists(path)) folder = path;
        else throw new DirectoryNotFoundException($"Dense run {path} does not exist; run `train` first.");
        var result = DenseRun.Load(folder);
        if (File.Exists(path) && Path.GetFullPath(path) != Path.GetFullPath(result.FinalWeightsPath))
            throw new ArgumentException($"{path} is not the final checkpoint of the dense run in {folder} ({result.FinalWeightsPath}); pass the run folder.");
        return folder;
    }

    private static string CsvRow(int iteration, SparsityReport s, double accuracy, int epochs, int? bestEpoch, bool stoppedEarly) =>
        string.Join(',', iteration.ToString(CultureInfo.InvariantCulture), F(s.Conv), F(s.Fc), F(s.Overall),
            (s.ConvTotal - s.ConvPruned).ToString(CultureInfo.InvariantCulture), s.ConvTotal.ToString(CultureInfo.InvariantCulture),
            (s.FcTotal - s.FcPruned).ToString(CultureInfo.InvariantCulture), s.FcTotal.ToString(CultureInfo.InvariantCulture),
            F(accuracy), epochs.ToString(CultureInfo.InvariantCulture), bestEpoch?.ToString(CultureInfo.InvariantCulture) ?? "",
            stoppedEarly ? "true" : "false");

    private static string F(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
