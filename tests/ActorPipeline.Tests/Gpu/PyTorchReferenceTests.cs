using System.Diagnostics;
using ActorPipeline.Ml.Models;
using ActorPipeline.Tests.Support;

namespace ActorPipeline.Tests.Gpu;

/// <summary>
/// bench/pytorch_reference.py describes the same networks as PaperCnn: its torch-free dry run prints, per
/// problem, the architecture and parameter count in the `bench` table format; both must match the .NET model.
/// </summary>
public sealed class PyTorchReferenceTests
{
    private static string? Script()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ActorPipeline.sln")))
                return Path.Combine(dir.FullName, "bench", "pytorch_reference.py");
        return null;
    }

    [FactWhenProgram("python3")]
    public void The_reference_models_have_the_architectures_and_parameter_counts_of_PaperCnn()
    {
        var script = Script();
        Assert.True(script is not null && File.Exists(script), $"bench/pytorch_reference.py not found from {AppContext.BaseDirectory}");
        using var process = Process.Start(new ProcessStartInfo("python3", [script, "--dry-run"]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var errors = process.StandardError.ReadToEndAsync(); // both pipes drained at once: neither can fill up and stall the other
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"python3 exited with {process.ExitCode}: {errors.Result}");

        var rows = output.Split('\n').Where(l => l.StartsWith("cifar")).ToDictionary(l => l[..9].Trim());
        Assert.Equal(PaperArchitectures.ProblemNames.Order(), rows.Keys.Order());
        foreach (var problem in PaperArchitectures.ProblemNames)
        {
            var spec = PaperArchitectures.For(problem);
            using var model = new PaperCnn(spec, int.Parse(problem[5..]));
            long parameters = model.parameters().Sum(p => p.numel());
            // the same columns as BenchCommand: {problem,-9} {spec,-75} {params,10:N0}
            Assert.StartsWith($"{problem,-9} {spec,-75} {parameters,10:N0}", rows[problem]);
        }
    }
}
