using System.Diagnostics;
using ActorPipeline.Actors.Compute;
using ActorPipeline.Actors.Events;
using ActorPipeline.Actors.Problems;
using ActorPipeline.Host.Cli;
using ActorPipeline.Host.Results;
using ActorPipeline.Ml.Devices;
using ActorPipeline.Ml.Experiments;

namespace ActorPipeline.Host.UseCases;

/// <summary>
/// `imp`: one IMP repetition by the recipe's <see cref="RepetitionRun"/>, each iteration trained and then measured against
/// the dense network (see <see cref="ImpSource"/> for where it starts). Prints sparsity, accuracy and SVCCA per
/// iteration; writes imp.csv and, in the sweep's schema, results/accuracy.csv and results/similarity.csv, folded from the
/// same events a sweep persists, so on the CPU the rows are the sweep's byte for byte. Rerunning skips finished
/// iterations and resumes an interrupted one.
/// </summary>
public static class RunImpRepetition
{
    public static async Task<int> RunAsync(ImpRequest request, TextWriter output, CancellationToken cancellation)
    {
        var target = ComputeDevices.Parse(request.Device)[0];
        int rep = request.Repetition;
        var source = await ImpSource.ResolveAsync(request, cancellation);
        var plan = source.Plan;
        int lastIteration = request.Iterations ?? plan.Iterations;
        if (lastIteration < 1) throw new ArgumentException($"--iterations must be at least 1, not {lastIteration}.");
        if (rep < 0 || (request.SweepFolder is not null && rep >= plan.Repetitions))
            throw new ArgumentException($"--repetition {rep} is outside the plan's repetitions 0..{plan.Repetitions - 1}.");
        plan = plan with { Iterations = Math.Max(lastIteration, plan.Iterations) };
        plan.Validate();

        string checksum = source.Location.Md5 ?? source.Location.Path;
        var identity = SettingsHash.Of(new { Plan = PlanIdentity.Identifying(plan), Data = checksum, Dense = Path.GetFullPath(source.DenseFolder) });
        var folder = request.Output ?? Path.Combine("runs", $"imp-{plan.Key}-rep{rep:D2}-{identity}");
        Directory.CreateDirectory(folder);
        new RunPlanFile(plan, source.Location.Path, checksum, request.SweepFolder is null ? null : Path.GetFullPath(request.SweepFolder), rep).Save(folder);

        using var run = new RepetitionRun(plan, plan.Data(source.Dataset), source.DenseFolder, rep, folder, target);
        var o = plan.Pruning();
        output.WriteLine($"{plan.Problem} repetition {rep}: IMP, {lastIteration} iterations × {plan.ImpEpochs} epochs, rates conv {o.ConvRate:P0} / fc {o.FcRate:P0} " +
                         $"({o.Grouping}{(o.PruneOutputLayer ? ", output pruned" : "")}{(o.PruneBatchNorm ? ", batch norm pruned" : "")}), " +
                         $"{(plan.Imp(rep).Rewind == RewindMode.Weights ? $"weights rewound to epoch {run.Dense.RewindEpoch}" : "learning rate rewound, trained weights kept")}, " +
                         $"seed {plan.RepetitionSeed(rep)}, on {ComputeDevices.Describe(target)}");
        output.WriteLine($"dense: {Path.GetFullPath(source.DenseFolder)} (test accuracy {run.Dense.FinalTestAccuracy:P2}); output: {Path.GetFullPath(folder)}");

        // The same events a sweep persists, folded the same way, so the rows are the sweep's rows.
        var state = new ProblemState(plan.Problem).Apply(new DenseTrained(plan.Problem, run.Dense.FinalWeightsPath, run.Dense.RewindWeightsPath, run.Dense.EpochsRun, run.Dense.FinalTestAccuracy));
        var rows = new List<string> { ImpCsv.Header, ImpCsv.Row(0, run.DenseSparsity(), run.Dense.FinalTestAccuracy, run.Dense.EpochsRun, run.Dense.BestEpoch, run.Dense.StoppedEarly) };
        output.WriteLine($"{"iter",4}  {"conv sp.",8}  {"fc sp.",8}  {"overall",8}  {"test acc",8}  {"svcca¹",7}  epochs");
        output.WriteLine($"{0,4}  {0.0,8:P2}  {0.0,8:P2}  {0.0,8:P2}  {run.Dense.FinalTestAccuracy,8:P2}  {"",7}  {run.Dense.EpochsRun} (dense)");
        var clock = Stopwatch.StartNew();
        for (int iteration = 1; iteration <= lastIteration; iteration++)
        {
            var iterationClock = Stopwatch.StartNew();
            int current = iteration;
            var trained = run.TrainIteration(iteration,
                e => output.WriteLine($"      iteration {current} epoch {e.Epoch,3}/{plan.ImpEpochs}  train loss {e.TrainLoss:F4} acc {e.TrainAccuracy:P1}  test acc {e.TestAccuracy:P2}  {e.Elapsed.TotalSeconds:F1} s"),
                cancellation);
            var layers = run.MeasureIteration(iteration, cancellation: cancellation);
            state = state.Apply(StepEvents.Trained(plan.Problem, rep, IterationOutcome.From(trained)))
                         .Apply(StepEvents.Measured(plan.Problem, rep, iteration, layers));
            rows.Add(ImpCsv.Row(iteration, trained.Sparsity, trained.TestAccuracy, trained.EpochsTrained, trained.BestEpoch, trained.StoppedEarly));
            Ml.Training.AtomicFile.WriteAllText(Path.Combine(folder, ImpCsv.FileName), string.Join('\n', rows) + "\n");
            ResultsWriter.WriteTables(folder, [state]);
            double meanSvcca = layers.Select(l => l.Values.GetValueOrDefault("svcca", double.NaN)).DefaultIfEmpty(double.NaN).Average();
            output.WriteLine($"{iteration,4}  {trained.ConvSparsity,8:P2}  {trained.FcSparsity,8:P2}  {trained.OverallSparsity,8:P2}  {trained.TestAccuracy,8:P2}  {meanSvcca,7:F4}  " +
                             $"{trained.EpochsTrained}{(trained.StoppedEarly ? $" (best {trained.BestEpoch})" : "")}  {iterationClock.Elapsed.TotalSeconds:F1} s");
        }
        output.WriteLine($"¹ mean over layers of the SVCCA similarity with the dense network; every layer and metric: {Path.GetFullPath(Path.Combine(folder, ResultsWriter.Folder, ResultsWriter.SimilarityFile))}");
        output.WriteLine($"done in {clock.Elapsed:hh\\:mm\\:ss}: {Path.GetFullPath(Path.Combine(folder, ImpCsv.FileName))}");
        return 0;
    }
}
