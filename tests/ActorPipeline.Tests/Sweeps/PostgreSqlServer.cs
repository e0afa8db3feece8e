using System.Diagnostics;
using ActorPipeline.Tests.Docker;
using Npgsql;

namespace ActorPipeline.Tests.Sweeps;

/// <summary>
/// A PostgreSQL 15 server of the test's own (started by .ci/postgres.sh on its own port and folder), so a test can
/// stop it, kill it and start it again without disturbing the server the other tests share.
/// </summary>
internal sealed class PostgreSqlServer : IDisposable
{
    private const string Bin = "/usr/lib/postgresql/15/bin";
    private readonly string _folder;

    private PostgreSqlServer(string folder, int port, string password)
    {
        _folder = folder;
        Port = port;
        Password = password;
    }

    public int Port { get; }
    public string Password { get; }
    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Database=actorpipeline;Username=actorpipeline";
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string> { ["ACTORPIPELINE_PG_PASSWORD"] = Password };

    public static PostgreSqlServer Start(int port)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(RepositoryFiles.PathOf(".ci/postgres.sh"));
        start.ArgumentList.Add("start");
        start.Environment["ACTORPIPELINE_PG_PORT"] = port.ToString();
        using var script = Process.Start(start)!;
        string output = script.StandardOutput.ReadToEnd(), errors = script.StandardError.ReadToEnd();
        script.WaitForExit();
        if (script.ExitCode != 0) throw new InvalidOperationException($".ci/postgres.sh start failed ({script.ExitCode}): {errors}");
        string Value(string name) => output.Split('\n').Single(l => l.StartsWith($"export {name}=")).Split('=', 2)[1].Trim('\'');
        return new PostgreSqlServer(Value("ACTORPIPELINE_PG_DIR"), port, Value("ACTORPIPELINE_PG_PASSWORD"));
    }

    /// <summary>A clean shutdown, as for maintenance (clients are disconnected).</summary>
    public void Stop() => PgCtl("-D", $"{_folder}/data", "-m", "fast", "stop");

    public void Restart()
    {
        // After a crash the old backends may hold the shared memory for a moment: try again briefly.
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                PgCtl("-D", $"{_folder}/data", "-l", $"{_folder}/log", "-o", $"-h 127.0.0.1 -p {Port} -k {_folder}", "-w", "start");
                return;
            }
            catch (InvalidOperationException) when (attempt < 10)
            {
                Thread.Sleep(1000);
            }
        }
    }

    /// <summary>SIGKILL of the postmaster: the next start runs crash recovery.</summary>
    public void Crash()
    {
        int pid = int.Parse(File.ReadLines($"{_folder}/data/postmaster.pid").First());
        Process.GetProcessById(pid).Kill();
        for (int i = 0; i < 100 && File.Exists($"{_folder}/data/postmaster.pid") && IsAlive(pid); i++) Thread.Sleep(100);
        // The postmaster's children exit once they notice it is gone; until they have, a start fails on the shared memory
        // they hold, and Restart tries again. A start with the stale pid file is what a crash leaves.
    }

    /// <summary>Runs <paramref name="sql"/> and returns the first column of the first row.</summary>
    public async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString + $";Password={Password}");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    public void Dispose()
    {
        var stop = new ProcessStartInfo("bash");
        stop.ArgumentList.Add(RepositoryFiles.PathOf(".ci/postgres.sh"));
        stop.ArgumentList.Add("stop");
        stop.ArgumentList.Add(_folder);
        using var script = Process.Start(stop)!;
        script.WaitForExit();
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            return !Process.GetProcessById(pid).HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static void PgCtl(params string[] arguments)
    {
        var start = new ProcessStartInfo("runuser") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-u", "postgres", "--", $"{Bin}/pg_ctl" }.Concat(arguments)) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        string errors = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"pg_ctl {string.Join(' ', arguments)} failed ({process.ExitCode}): {errors}");
    }
}
