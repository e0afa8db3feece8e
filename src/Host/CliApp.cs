using System.CommandLine;
using ActorPipeline.Host.Commands;

namespace ActorPipeline.Host;

/// <summary>The CLI's composition root: every verb (one file each under Commands/) under one root command.</summary>
public static class CliApp
{
    public static RootCommand Build()
    {
        var root = new RootCommand("ActorPipeline: pruned vs. dense CNN layer similarity (Ansuini et al.), IMP + SVCCA on CIFAR-10 subsets.");
        foreach (var command in CommandCatalog.All())
            root.Subcommands.Add(command);
        return root;
    }

    /// <summary>
    /// How long a verb may take to stop after SIGTERM/Ctrl+C before System.CommandLine ends the process anyway (its default,
    /// 2 s, cut a worker off while it was leaving the cluster: the coordinator then saw it only through the failure
    /// detector, some 15 s later). Below SLURM's default KillWait (30 s), after which a job gets SIGKILL.
    /// </summary>
    public static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(20);

    public static Task<int> RunAsync(string[] args, CancellationToken cancellation = default) =>
        Build().Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = StopTimeout }, cancellation);
}
