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

    public static Task<int> RunAsync(string[] args, CancellationToken cancellation = default) =>
        Build().Parse(args).InvokeAsync(cancellationToken: cancellation);
}
