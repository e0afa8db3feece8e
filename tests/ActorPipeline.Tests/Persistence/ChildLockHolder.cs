using System.Diagnostics;

namespace ActorPipeline.Tests.Persistence;

/// <summary>
/// Another process holding a sweep's lock: started, waited on until it says it holds the lock, and SIGKILLed (no
/// cleanup, as a crash) by <see cref="Kill"/>. Built by <see cref="Flock"/> (the SQLite file lock) or
/// <see cref="Psql"/> (the PostgreSQL advisory lock).
/// </summary>
internal sealed class ChildLockHolder : IDisposable
{
    private readonly Process _process;

    private ChildLockHolder(Process process) => _process = process;

    public int Pid => _process.Id;

    /// <summary>
    /// bash opens the lock file on fd 9, flock(1) locks that open file (the lock belongs to the open file, not to flock),
    /// then bash execs sleep in its own place: one process, this pid, holding the lock while it lives.
    /// </summary>
    public static async Task<ChildLockHolder> Flock(string lockFile)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { "-c", "exec 9>>\"$1\" && flock -n 9 && echo locked && exec sleep 120", "holder", lockFile })
            start.ArgumentList.Add(argument);
        var holder = new ChildLockHolder(Process.Start(start)!);
        await holder.ExpectLine("locked");
        return holder;
    }

    /// <summary>
    /// psql takes pg_advisory_lock(<paramref name="key"/>) and then waits, idle, on its standard input (an idle session
    /// notices at once when its client dies; one busy in pg_sleep would not); <paramref name="applicationName"/> is its
    /// session's application name.
    /// </summary>
    public static async Task<ChildLockHolder> Psql(string connectionString, string? password, long key, string applicationName)
    {
        var target = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        var start = new ProcessStartInfo("psql") { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { "-X", "-A", "-t", "-h", target.Host!, "-p", target.Port.ToString(), "-U", target.Username!, "-d", target.Database! })
            start.ArgumentList.Add(argument);
        start.Environment["PGAPPNAME"] = applicationName;
        if (password is not null) start.Environment["PGPASSWORD"] = password;
        var holder = new ChildLockHolder(Process.Start(start)!);
        await holder._process.StandardInput.WriteLineAsync($"SELECT pg_advisory_lock({key}); SELECT 'locked';");
        await holder._process.StandardInput.FlushAsync();
        await holder.ExpectLine("locked");
        return holder;
    }

    /// <summary>SIGKILL, then waits until the process is gone.</summary>
    public void Kill()
    {
        _process.Kill();
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited) Kill();
        _process.Dispose();
    }

    private async Task ExpectLine(string expected)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (await _process.StandardOutput.ReadLineAsync(patience.Token) is { } line)
            if (line.Trim() == expected) return;
        throw new InvalidOperationException($"the lock holder (pid {_process.Id}) ended without taking the lock");
    }
}
