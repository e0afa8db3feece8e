using System.Diagnostics;
using System.Text;

namespace ActorPipeline.Tests.Sweeps;

/// <summary>The real CLI (actorpipeline.dll from the test's output folder) as a child process, its output collected line by line.</summary>
internal sealed class HostProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly object _gate = new();
    private TaskCompletionSource<string>? _waitingFor;
    private string? _pattern;

    private HostProcess(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "actorpipeline.dll"));
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["CI"] = "true";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => OnLine(e.Data);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public static HostProcess Start(params string[] arguments) => new(arguments);

    /// <summary>The host with extra environment variables (e.g. a database password).</summary>
    public static HostProcess Start(IReadOnlyDictionary<string, string> environment, params string[] arguments) => new(arguments, environment);

    public bool HasExited => _process.HasExited;

    public string Output
    {
        get { lock (_gate) return _output.ToString(); }
    }

    /// <summary>Waits for the first line (from now on) that contains <paramref name="pattern"/>.</summary>
    public async Task<string> WaitForLine(string pattern, TimeSpan timeout)
    {
        var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _pattern = pattern;
            _waitingFor = found;
        }
        var exited = _process.WaitForExitAsync();
        var first = await Task.WhenAny(found.Task, exited, Task.Delay(timeout));
        if (first == found.Task) return await found.Task;
        throw new TimeoutException($"No line with \"{pattern}\" {(first == exited ? $"before the host exited ({_process.ExitCode})" : $"within {timeout}")}. Output:\n{Output}");
    }

    /// <summary>SIGKILL: no cleanup, no flush, as a crash or a power cut.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public async Task<int> WaitForExit(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        _process.WaitForExit(); // drains the output events
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited) Kill();
        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null) return;
        lock (_gate)
        {
            _output.AppendLine(line);
            if (_pattern is not null && line.Contains(_pattern))
            {
                _waitingFor?.TrySetResult(line);
                _pattern = null;
            }
        }
    }
}
