using System.CommandLine;
using ActorPipeline.Host.Cli;
using ActorPipeline.Host.Comparison;

namespace ActorPipeline.Host.Commands;

/// <summary>`sweep compare A B`: two finished sweeps' settings that differ and their figures overlaid, into compare.html.</summary>
internal static class SweepCompareCommand
{
    public static Command Create()
    {
        var a = new Argument<string>("A") { Description = "The first sweep's folder (with results/)." };
        var b = new Argument<string>("B") { Description = "The second sweep's folder." };
        var output = new Option<string?>("--out") { Description = "Where to write the page (default: compare.html in the current folder)." };
        var command = new Command("compare", "Compare two sweeps: the plan settings that differ, figures 1 and 2 overlaid, and per layer whether the difference exceeds the spread over repetitions.")
        {
            a, b, output,
        };
        command.SetAction((parse, _) => CliErrors.RunAsync(() =>
        {
            var comparison = SweepComparison.Of(ComparedSweep.FromResults(parse.GetValue(a)!, "A"), ComparedSweep.FromResults(parse.GetValue(b)!, "B"));
            var path = Path.GetFullPath(parse.GetValue(output) ?? "compare.html");
            File.WriteAllText(path, ComparisonHtml.Write(comparison, DateTimeOffset.UtcNow));
            Console.WriteLine($"A {comparison.A.Folder} (sweep {comparison.A.Manifest.SweepId})");
            Console.WriteLine($"B {comparison.B.Folder} (sweep {comparison.B.Manifest.SweepId})");
            Console.WriteLine(comparison.Settings.Count == 0 ? "no plan setting differs" : $"{comparison.Settings.Count} plan setting(s) differ:");
            foreach (var setting in comparison.Settings) Console.WriteLine($"  {setting.Setting}: {setting.A} -> {setting.B}");
            foreach (var group in comparison.Layers.GroupBy(l => (l.Problem, l.Metric)))
                Console.WriteLine($"  {group.Key.Problem} {group.Key.Metric}: {group.Count(l => l.ExceedsSpread)} of {group.Count()} layer × iteration medians differ by more than the spread");
            Console.WriteLine($"compare {path}");
            return Task.FromResult(0);
        }));
        return command;
    }
}
