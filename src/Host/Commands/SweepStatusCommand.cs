using System.CommandLine;
using ActorPipeline.Host.Cli;
using ActorPipeline.Host.Persistence;
using ActorPipeline.Host.Results;
using ActorPipeline.Actors.Observers;
using ActorPipeline.Host.Hosting;
using ActorPipeline.Host.Planning;

namespace ActorPipeline.Host.Commands;

/// <summary>
/// `sweep status`: a sweep's progress from its journal, and, when the coordinator wrote nodes.json, its nodes and
/// what each runs. Reads only, so it works while another process runs the sweep.
/// </summary>
internal static class SweepStatusCommand
{
    public static Command Create()
    {
        var sweep = new Option<string?>("--sweep") { Description = "Sweep folder (default: the latest under runs/)." };
        var command = new Command("status", "Show a sweep's progress from its journal (also while another process runs it).") { sweep };
        command.SetAction((parse, cancellation) => CliErrors.RunAsync(async () =>
        {
            var folder = SweepManifest.FindFolder(parse.GetValue(sweep));
            var manifest = SweepManifest.TryLoad(folder)!;
            var journal = JournalSettings.From(manifest.Config.Persistence, folder);
            var states = await JournalReader.ReadProblemsAsync(journal, manifest.Plan, cancellation);
            Console.WriteLine($"sweep {manifest.SweepId} ({manifest.Profile}) in {folder}");
            var counts = new List<SweepProgressCount>();
            bool finished = true;
            foreach (var (plan, state) in manifest.Plan.Problems.Zip(states))
            {
                var count = SweepProgressCount.Of(plan, state);
                counts.Add(count);
                finished &= state.IsFinished(plan.Repetitions);
                string status = state.IsFinished(plan.Repetitions) ? "finished" : state.Dense is null ? "dense training" : "repetitions running";
                Console.WriteLine($"  {plan.Problem,-8} {status,-20} dense {(state.Dense is { } d ? d.TestAccuracy.ToString("P1") : "-"),7}  steps {count.Done}/{count.Total}  repetitions completed {state.CompletedRepetitions}/{plan.Repetitions}, failed {state.FailedRepetitions}");
            }
            Console.WriteLine($"overall {SweepProgressCount.Describe(counts)}");
            foreach (var failure in ResultsWriter.Failures(states)) Console.WriteLine($"FAILED {failure}");
            // Written by the running coordinator; a sweep that never ran (or ran before nodes.json existed) has none.
            if (NodeStatusFile.TryRead(folder) is { } nodes)
                foreach (var line in NodeStatusLines.Format(nodes, DateTime.UtcNow, finished)) Console.WriteLine(line);
            return 0;
        }));
        return command;
    }
}
