using System.CommandLine;
using ActorPipeline.Host.Cli;
using ActorPipeline.Host.Live;
using ActorPipeline.Host.Planning;
using ActorPipeline.Host.UseCases;

namespace ActorPipeline.Host.Commands;

/// <summary>`sweep view`: the live page, read-only, for a sweep another process or machine runs (or ran), from its journal.</summary>
internal static class SweepViewCommand
{
    public static Command Create()
    {
        var sweep = new Option<string?>("--sweep") { Description = "Sweep folder (default: the latest under runs/)." };
        var ui = LivePageCli.UiOption();
        var token = LivePageCli.TokenOption();
        var traceUrl = LivePageCli.TraceUrlOption();
        var compare = LivePageCli.CompareOption();
        var command = new Command("view", "Serve the live page for a sweep run by another process or machine, or finished, read-only from its journal; stop with Ctrl+C.")
        {
            sweep, ui, token, traceUrl, compare,
        };
        command.SetAction((parse, cancellation) => CliErrors.RunAsync(async () =>
        {
            var options = LivePageOptions.Parse(parse.GetValue(ui), parse.GetValue(token), parse.GetValue(traceUrl))
                          ?? throw new ArgumentException("sweep view serves the live page: --ui off leaves it nothing to do.");
            options = options with { CompareWith = parse.GetValue(compare) };
            return await ViewSweep.RunAsync(SweepManifest.FindFolder(parse.GetValue(sweep)), options, Console.Out, cancellation);
        }));
        return command;
    }
}
