using System.CommandLine;
using ActorPipeline.Host.Commands;

// Composition root of the CLI: each verb lives in its own file under Commands/.
var root = new RootCommand("ActorPipeline: pruned vs. dense CNN layer similarity (Ansuini et al.), IMP + SVCCA on CIFAR-10 subsets.");
foreach (var command in CommandCatalog.All())
    root.Subcommands.Add(command);
return await root.Parse(args).InvokeAsync();
