using System.CommandLine;
using ActorPipeline.Host.Configuration;
using ActorPipeline.Ml.Compute;

namespace ActorPipeline.Host.Cli;

/// <summary>The compute settings that change numbers (config keys cpu_threads, deterministic) as `sweep` and `train` options.</summary>
internal sealed class ComputeCliOptions
{
    private readonly Option<string?> _cpuThreads = new("--cpu-threads")
    {
        Description = "libtorch's CPU threads for every step on every node: a count, or auto (default: this process's count when the sweep is created, kept in its plan).",
    };
    private readonly Option<bool> _deterministic = new("--deterministic") { Description = "Deterministic kernels (torch.use_deterministic_algorithms; CUBLAS_WORKSPACE_CONFIG=:4096:8 on CUDA)." };

    public void AddTo(Command command)
    {
        command.Options.Add(_cpuThreads);
        command.Options.Add(_deterministic);
    }

    /// <summary>The options given, by name (for a verb that refuses them where the plan is fixed elsewhere).</summary>
    public IEnumerable<string> Given(ParseResult parse)
    {
        if (parse.GetValue(_cpuThreads) is not null) yield return "--cpu-threads";
        if (parse.GetValue(_deterministic)) yield return "--deterministic";
    }

    public void ApplyTo(ParseResult parse, SweepConfig config)
    {
        if (parse.GetValue(_cpuThreads) is { } threads) config.CpuThreads = threads;
        if (parse.GetValue(_deterministic)) config.Deterministic = true;
    }
}
