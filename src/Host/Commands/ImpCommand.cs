using System.CommandLine;
using ActorPipeline.Host.Cli;

using ActorPipeline.Host.UseCases;

namespace ActorPipeline.Host.Commands;

/// <summary>
/// `imp`: parses one IMP repetition's request (of a sweep, or on a `train` run with plan changes) and hands it to
/// <see cref="RunImpRepetition"/>.
/// </summary>
internal static class ImpCommand
{
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
        var rewind = new Option<string?>("--rewind") { Description = "With --dense: what each iteration rewinds: weights (the paper) or learning_rate (keep the trained weights; the authors' later code). Default: the dense run's plan." };
        var device = new Option<string>("--device") { Description = "cpu, cuda, cuda:N or auto.", DefaultValueFactory = _ => "auto" };
        var command = new Command("imp", "Iterative magnitude pruning with late (weight or learning-rate) rewinding, one repetition: of a sweep (--sweep) or on a finished dense run (--dense); print and write sparsity, accuracy and similarity per iteration.")
        {
            problem, sweep, dense, repetition, iterations, epochs, data, noDownload, output, convRate, fcRate, pruneOutput, pruneBatchNorm, perLayer, rewind, device,
        };
        command.SetAction((parse, cancellation) => CliErrors.RunAsync(() =>
        {
            bool? Flag(Option<bool> option) => parse.GetResult(option) is { Implicit: false } ? parse.GetValue(option) : null;
            var request = new ImpRequest(parse.GetValue(problem)!, parse.GetValue(repetition))
            {
                SweepFolder = parse.GetValue(sweep),
                DenseRun = parse.GetValue(dense),
                Iterations = parse.GetValue(iterations),
                Data = parse.GetValue(data),
                AllowDownload = !parse.GetValue(noDownload),
                Output = parse.GetValue(output),
                Device = parse.GetValue(device)!,
                Changes = new ImpPlanChanges(parse.GetValue(epochs), parse.GetValue(convRate), parse.GetValue(fcRate), Flag(pruneOutput), Flag(pruneBatchNorm), Flag(perLayer), parse.GetValue(rewind)),
            };
            return RunImpRepetition.RunAsync(request, Console.Out, cancellation);
        }));
        return command;
    }
}
