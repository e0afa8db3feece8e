using System.Diagnostics;
using System.Text.RegularExpressions;
using ActorPipeline.Tests.Actors;
using ActorPipeline.Tests.Data;
using ActorPipeline.Tests.Docker;
using ActorPipeline.Tests.Support;
using ActorPipeline.Tests.Sweeps;
using Xunit.Abstractions;

namespace ActorPipeline.Tests.Cluster;

/// <summary>
/// Runs when a test SLURM cluster is up ($ACTORPIPELINE_SLURM_DIR, from `.ci/slurm.sh start`, which .ci/run calls) and
/// a PostgreSQL server is available ($ACTORPIPELINE_TEST_PG); skipped, saying which is missing, otherwise.
/// </summary>
internal sealed class FactWhenSlurmAttribute : FactAttribute
{
    public const string Variable = "ACTORPIPELINE_SLURM_DIR";

    public FactWhenSlurmAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(FactWhenPostgreSqlAttribute.Variable)))
            Skip = $"${FactWhenPostgreSqlAttribute.Variable} is not set: the SLURM test needs PostgreSQL (.ci/run starts one).";
        else if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(Variable)))
            Skip = $"${Variable} is not set: no test SLURM cluster (.ci/run starts one; by hand: eval \"$(bash .ci/slurm.sh start)\", later bash .ci/slurm.sh stop).";
        else if (!FactWhenProgramAttribute.OnPath("sbatch"))
            Skip = "sbatch is not on the PATH: SLURM is not installed (.ci/slurm.sh installs Debian's slurm-wlm).";
        else if (SlurmTests.Run("scontrol", "ping") is { Exit: not 0 } ping)
            Skip = $"scontrol ping failed: the test SLURM cluster does not answer ({ping.Output.Trim()}); see ${Variable}/slurmctld.log.";
    }
}

/// <summary>
/// deploy/slurm as a user submits it, on a real one-node SLURM (.ci/slurm.sh): submit.sh queues the coordinator job and a
/// worker array of 2; one worker job is cancelled with scancel while it trains (its work goes back to the queue) and a
/// third worker is submitted with `submit.sh workers`; then the coordinator job is cancelled and submitted again with
/// `submit.sh coordinator`, and the running workers rejoin it. The sweep ends with the results of a single-process run,
/// byte for byte, and a journal without duplicates or failed attempts.
/// </summary>
[Collection(ActorPipeline.Tests.Cluster.ClusterProcessesCollection.Name)]
public sealed class SlurmTests(FullSizeSyntheticCifar data, ITestOutputHelper log) : IClassFixture<FullSizeSyntheticCifar>
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(4);
    private static readonly Dictionary<string, string> OneTorchThread = new() { ["OMP_NUM_THREADS"] = "1" };
    private const int PostgreSqlPort = 55476;
    private const int ClusterPort = 4064;
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    private void Timeline(string what) => log.WriteLine($"{_clock.Elapsed.TotalSeconds,6:F1} s  {what}");

    [FactWhenSlurm]
    public async Task A_sweep_submitted_through_sbatch_survives_a_cancelled_worker_job_and_a_resubmitted_coordinator_and_ends_with_the_single_process_results()
    {
        using var temp = new TempDirectory();
        var config = TinyHostSweep.WriteTo(temp.Path);
        var reference = temp.File("single-process");
        using (var host = HostProcess.Start(OneTorchThread, "sweep", "--config", config, "--data", data.Folder, "--no-download", "--out", reference))
            Assert.True(await host.WaitForExit(Patience) == 0, host.Output);
        Timeline("reference run (one process, SQLite) finished");
        using var server = PostgreSqlServer.Start(PostgreSqlPort);

        var folder = temp.File("slurm-sweep");
        // Mutual TLS as a user would run it: the coordinator's folder from `tls init`, the workers' from `tls node` (no CA key).
        ActorPipeline.Host.Cluster.Tls.ClusterCertificates.CreateCluster(temp.File("tls"), "slurm-test", ActorPipeline.Host.Cluster.Tls.ClusterCertificates.DefaultHosts());
        ActorPipeline.Host.Cluster.Tls.ClusterCertificates.CreateNode(temp.File("tls"), temp.File("tls-workers"), "slurm-test worker", ActorPipeline.Host.Cluster.Tls.ClusterCertificates.DefaultHosts());
        var environment = new Dictionary<string, string>
        {
            ["ACTORPIPELINE_TLS"] = temp.File("tls"),
            ["ACTORPIPELINE_WORKER_TLS"] = temp.File("tls-workers"),
            ["ACTORPIPELINE_BIN"] = Path.Combine(AppContext.BaseDirectory, "actorpipeline.dll"),
            ["ACTORPIPELINE_SWEEP"] = folder,
            ["ACTORPIPELINE_CONFIG"] = config,
            ["ACTORPIPELINE_DATA"] = data.Folder,
            ["ACTORPIPELINE_PG_CONNECTION"] = server.ConnectionString,
            ["ACTORPIPELINE_PG_PASSWORD"] = server.Password,
            ["ACTORPIPELINE_COORDINATOR_HOST"] = "127.0.0.1",
            ["ACTORPIPELINE_CLUSTER_PORT"] = ClusterPort.ToString(),
            ["ACTORPIPELINE_WORKER_HOST"] = "127.0.0.1",
            ["ACTORPIPELINE_COORDINATOR_ARGS"] = "--no-download",
            ["ACTORPIPELINE_WORKER_ARGS"] = "--no-download",
            ["ACTORPIPELINE_COORDINATOR_WAIT"] = "120",
            ["ACTORPIPELINE_WORKERS"] = "2",
            ["OMP_NUM_THREADS"] = "1", // on the CPU the numbers depend on the thread count: the reference ran with one
            ["CI"] = "true",
        };
        var submitted = Submit(environment, "all");
        string coordinatorJob = submitted.Coordinator!, array = submitted.Workers!;
        var jobs = new List<string> { coordinatorJob, array };
        Timeline($"submit.sh: coordinator job {coordinatorJob}, worker array {array} (2 tasks, --dependency=after:{coordinatorJob})");
        using var watch = new CancellationTokenSource();
        var states = WatchStates(jobs, watch.Token);
        try
        {
            string logs = Path.Combine(folder, "slurm");
            string CoordinatorOutput() => ReadShared(Path.Combine(logs, $"coordinator-{coordinatorJob}.out"));
            string WorkerOutput(string task) => ReadShared(Path.Combine(logs, $"worker-{task}.out"));

            await Until(() => File.Exists(Path.Combine(logs, "coordinator.address")), "the coordinator's address in slurm/coordinator.address", CoordinatorOutput);
            Timeline($"coordinator published {File.ReadAllText(Path.Combine(logs, "coordinator.address")).Trim()} in <sweep>/slurm/coordinator.address");
            string[] tasks = [$"{array}_0", $"{array}_1"];
            string? victim = null;
            await Until(() => (victim = tasks.FirstOrDefault(t => WorkerOutput(t).Contains("it 1: training"))) is not null,
                "a worker job training IMP iteration 1", () => string.Join("\n", tasks.Select(t => $"--- {t} ---\n{WorkerOutput(t)}")));
            Timeline($"worker job {victim} prints \"it 1: training\"");
            Assert.Equal(0, Run("scancel", victim!).Exit);
            Timeline($"scancel {victim}");
            string survivor = tasks.Single(t => t != victim);
            var late = Submit(new Dictionary<string, string>(environment) { ["ACTORPIPELINE_WORKERS"] = "1" }, "workers").Workers!;
            lock (jobs) jobs.Add(late);
            string lateTask = $"{late}_0";
            Timeline($"submit.sh workers: one more worker, array {late}");

            await Until(() => CoordinatorOutput().Contains("back in the queue (no failed attempt recorded)"), "the coordinator re-queueing the cancelled worker's work", CoordinatorOutput);
            Timeline("coordinator: the cancelled worker's assignment is back in the queue (no failed attempt recorded)");
            await Until(() => WorkerOutput(victim!).Contains("the worker left"), $"{victim} leaving", () => WorkerOutput(victim!));
            Timeline(LastLine(WorkerOutput(victim!), "the worker left"));

            // The coordinator's job ends too (scancel stands for its time limit or pre-emption); submitting it again resumes the sweep.
            Assert.Equal(0, Run("scancel", coordinatorJob).Exit);
            Timeline($"scancel {coordinatorJob} (the coordinator)");
            await Until(() => JobState(coordinatorJob).State == "CANCELLED" && !File.Exists(Path.Combine(logs, "coordinator.address")), "the cancelled coordinator to end", CoordinatorOutput);
            Timeline(LastLine(CoordinatorOutput(), "coordinator job:"));
            string firstCoordinatorOutput = CoordinatorOutput();
            coordinatorJob = Submit(environment, "coordinator").Coordinator!;
            lock (jobs) jobs.Add(coordinatorJob);
            Timeline($"submit.sh coordinator: coordinator job {coordinatorJob} (resubmitted)");

            await Until(() => JobState(coordinatorJob).State is "COMPLETED" or "FAILED" or "CANCELLED" or "TIMEOUT", "the resubmitted coordinator job to end", CoordinatorOutput);
            var coordinatorEnd = JobState(coordinatorJob);
            Timeline($"coordinator job {coordinatorJob}: {coordinatorEnd.State}, exit {coordinatorEnd.ExitCode}");
            foreach (var task in new[] { survivor, lateTask })
                await Until(() => JobState(task).State is "COMPLETED" or "FAILED" or "CANCELLED", $"worker job {task} to end", () => WorkerOutput(task));
            Timeline($"worker jobs: {victim} {JobState(victim!).State}; {survivor} {JobState(survivor).State}, exit {JobState(survivor).ExitCode}; " +
                     $"{lateTask} {JobState(lateTask).State}, exit {JobState(lateTask).ExitCode}");

            log.WriteLine("--- first coordinator job ---\n" + firstCoordinatorOutput);
            log.WriteLine("--- resubmitted coordinator job ---\n" + CoordinatorOutput());
            foreach (var task in new[] { victim!, survivor, lateTask }) log.WriteLine($"--- worker job {task} ---\n{WorkerOutput(task)}");

            Assert.Contains("back in the queue (no failed attempt recorded)", firstCoordinatorOutput);
            Assert.Contains("the coordinator stopped on a signal", firstCoordinatorOutput);
            Assert.Equal(("COMPLETED", "0:0"), (coordinatorEnd.State, coordinatorEnd.ExitCode));
            Assert.Contains("the sweep is complete", CoordinatorOutput());
            Assert.Contains("(mutual TLS)", firstCoordinatorOutput);
            Assert.Contains("mutual TLS (CA SHA-256", WorkerOutput(survivor));
            Assert.Equal("CANCELLED", JobState(victim!).State);
            Assert.Contains("the worker left (exit 130)", WorkerOutput(victim!)); // it stopped itself (cancelled, left the cluster), not killed after KillWait
            Assert.Equal(("COMPLETED", "0:0"), (JobState(survivor).State, JobState(survivor).ExitCode));
            Assert.Equal(("COMPLETED", "0:0"), (JobState(lateTask).State, JobState(lateTask).ExitCode));
            Assert.DoesNotContain(server.Password, firstCoordinatorOutput + CoordinatorOutput() + string.Concat(new[] { victim!, survivor, lateTask }.Select(WorkerOutput)));

            SweepOutcomeAssert.SameResults(reference, folder);
            await SweepOutcomeAssert.JournalClean(server);
            Timeline("results equal the single-process run's; journal clean");
        }
        finally
        {
            watch.Cancel();
            await states;
            Run("scancel", [.. jobs]); // nothing of a failed run keeps running
        }
    }

    [FactWhenProgram("shellcheck")]
    public void The_SLURM_job_scripts_and_the_test_cluster_script_pass_shellcheck()
    {
        string[] scripts = ["deploy/slurm/coordinator.sbatch", "deploy/slurm/worker.sbatch", "deploy/slurm/submit.sh", ".ci/slurm.sh"];
        var result = Run("shellcheck", [.. scripts.Select(RepositoryFiles.PathOf)], null);
        Assert.True(result.Exit == 0, result.Output);
    }

    /// <summary>deploy/slurm/submit.sh <paramref name="what"/>; the job ids from its output.</summary>
    private (string? Coordinator, string? Workers) Submit(IReadOnlyDictionary<string, string> environment, string what)
    {
        var result = Run("bash", [RepositoryFiles.PathOf("deploy/slurm/submit.sh"), what], environment);
        Assert.True(result.Exit == 0, $"submit.sh {what} exited with {result.Exit}: {result.Output}");
        string? Id(string pattern) => Regex.Match(result.Output, pattern, RegexOptions.Multiline) is { Success: true } m ? m.Groups[1].Value : null;
        return (Id(@"^coordinator job (\d+)"), Id(@"^worker array (\d+)"));
    }

    /// <summary>Logs every job's state changes (squeue, array tasks one by one) until cancelled: the run's timeline.</summary>
    private Task WatchStates(List<string> jobs, CancellationToken stop) => Task.Run(async () =>
    {
        var last = new Dictionary<string, string>();
        while (!stop.IsCancellationRequested)
        {
            string[] ids;
            lock (jobs) ids = [.. jobs];
            var listing = Run("squeue", ["-h", "-r", "--states=all", "-j", string.Join(",", ids), "-o", "%i %T %R"]);
            foreach (var line in listing.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var parts = line.Split(' ', 3);
                if (parts.Length < 2 || !char.IsDigit(parts[0][0])) continue;
                string state = parts[1] == "PENDING" && parts.Length == 3 ? $"PENDING ({parts[2]})" : parts[1];
                if (last.GetValueOrDefault(parts[0]) != state) Timeline($"job {parts[0]}: {state}");
                last[parts[0]] = state;
            }
            try { await Task.Delay(500, stop); } catch (OperationCanceledException) { }
        }
    });

    private static (string State, string ExitCode) JobState(string job)
    {
        var show = Run("scontrol", "show", "job", job).Output;
        string Field(string name) => Regex.Match(show, $@"\b{name}=(\S+)") is { Success: true } m ? m.Groups[1].Value : "?";
        return (Field("JobState"), Field("ExitCode"));
    }

    private static async Task Until(Func<bool> condition, string what, Func<string> context)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"waited {Patience} for {what}. Output so far:\n{context()}");
            await Task.Delay(250);
        }
    }

    private static string ReadShared(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            return new StreamReader(stream).ReadToEnd();
        }
        catch (FileNotFoundException) { return ""; }
        catch (DirectoryNotFoundException) { return ""; }
    }

    private static string LastLine(string text, string containing) => text.Split('\n').Last(l => l.Contains(containing)).Trim();

    internal static (int Exit, string Output) Run(string program, params string[] arguments) => Run(program, arguments, null);

    private static (int Exit, string Output) Run(string program, string[] arguments, IReadOnlyDictionary<string, string>? environment)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        try
        {
            using var process = Process.Start(start)!;
            var errors = process.StandardError.ReadToEndAsync();
            string output = process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(30_000))
            {
                process.Kill(entireProcessTree: true);
                return (-1, $"{program} did not answer within 30 s");
            }
            return (process.ExitCode, output + errors.Result);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, $"{program}: {e.Message}");
        }
    }
}
