using ActorPipeline.Host;

namespace ActorPipeline.Tests.Support;

/// <summary>
/// Runs the CLI in-process with its console captured. The console is process-wide: test classes using this join the
/// <see cref="Collection"/> (<see cref="CliConsoleCollection"/>), which runs alone.
/// </summary>
public static class CliConsole
{
    public const string Collection = "cli-console";

    public static async Task<(int Exit, string Out, string Error)> RunAsync(params string[] args)
    {
        var (stdout, stderr) = (Console.Out, Console.Error);
        using var output = new StringWriter();
        using var error = new StringWriter();
        Console.SetOut(output);
        Console.SetError(error);
        try
        {
            int exit = await CliApp.RunAsync(args);
            return (exit, output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
        }
    }
}
