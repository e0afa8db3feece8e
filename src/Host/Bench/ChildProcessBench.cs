using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace ActorPipeline.Host.Bench;

/// <summary>
/// Runs one benchmark contender in a child process of this executable, so its peak resident memory is its own: neither
/// an earlier contender's high-water mark nor memory it freed but the allocator kept counts. The child prints its result
/// as one prefixed JSON line (<see cref="Report{T}"/>); its other output passes through.
/// </summary>
internal static class ChildProcessBench
{
    private const string ResultPrefix = "BENCH-RESULT ";

    /// <summary>The child's result, or null when it failed (its error went to the console).</summary>
    public static T? Run<T>(IEnumerable<string> arguments) where T : class
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
        // under `dotnet actorpipeline.dll` the process is the dotnet host: pass the assembly first
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet")
            start.ArgumentList.Add(typeof(ChildProcessBench).Assembly.Location);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        string? resultLine = null;
        while (process.StandardOutput.ReadLine() is { } line)
        {
            if (line.StartsWith(ResultPrefix, StringComparison.Ordinal)) resultLine = line[ResultPrefix.Length..];
            else Console.WriteLine(line);
        }
        process.WaitForExit();
        return process.ExitCode == 0 && resultLine is not null ? JsonSerializer.Deserialize<T>(resultLine) : null;
    }

    /// <summary>In the child: hands the result to <see cref="Run{T}"/>.</summary>
    public static void Report<T>(T result) => Console.WriteLine(ResultPrefix + JsonSerializer.Serialize(result));

    /// <summary>
    /// In the child: sets the peak resident set (VmHWM) back to the current one (Linux: /proc/self/clear_refs), so that what
    /// was set up before, such as generating the input, does not count; false where that is not possible.
    /// </summary>
    public static bool ResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>A /proc/self/status field such as VmRSS or VmHWM, in bytes (Linux; 0 elsewhere).</summary>
    public static long ProcStatus(string field)
    {
        if (!File.Exists("/proc/self/status")) return 0;
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        return line is null ? 0 : KiloBytes(line);
    }

    /// <summary>Memory the kernel could give a new process now (MemAvailable), or null where unknown.</summary>
    public static long? AvailableMemoryBytes()
    {
        if (!File.Exists("/proc/meminfo")) return null;
        var line = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemAvailable:", StringComparison.Ordinal));
        return line is null ? null : KiloBytes(line);
    }

    /// <summary>"VmHWM:\t12345678 kB" (a tab, then padding spaces only for short numbers) → bytes.</summary>
    internal static long KiloBytes(string procLine) =>
        long.Parse(procLine.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
}
