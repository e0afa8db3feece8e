using System.Diagnostics;
using ActorPipeline.Actors.Wire;
using ActorPipeline.Actors.Plans;
using ActorPipeline.Actors.Sweeps;
using ActorPipeline.Host.Persistence;
using ActorPipeline.Ml.Experiments;
using Akka.Actor;
using ActorPipeline.Actors.Bench;
using ActorPipeline.Host.Hosting;
using Akka.Hosting;
using ActorPipeline.Host.Live;
using ActorPipeline.Host.Planning;
using ActorPipeline.Host.Configuration;
using ActorPipeline.Actors.Observers;

namespace ActorPipeline.Host.Bench;

/// <summary>
/// Measures the coordinator at scale: a real <see cref="SweepCoordinator"/> (its problem supervisors, the only journal
/// writers, and its work dispatcher) against a real journal, and many simulated nodes in the same actor system, each a
/// real <see cref="Actors.Nodes.NodeAgent"/> with its own device pool whose compute (<see cref="InstantCompute"/>)
/// returns at once, so the coordinator and the journal are all that is measured. Every run is a fresh sweep (a new
/// id), so runs never resume each other.
/// </summary>
internal static class CoordinatorBenchmark
{
    /// <summary>How long the nodes may take to register, and how long the sweep may go without persisting a step.</summary>
    private static readonly TimeSpan JoinTimeout = TimeSpan.FromSeconds(60), StallTimeout = TimeSpan.FromSeconds(120);

    public static async Task<CoordinatorBenchmarkResult> RunAsync(CoordinatorBenchmarkOptions options, TextWriter? log = null, CancellationToken cancellation = default)
    {
        options.Validate();
        string sweepId = $"bench-{Guid.NewGuid():N}";
        string folder = Path.Combine(Path.GetTempPath(), "actorpipeline-bench", sweepId);
        Directory.CreateDirectory(folder);
        var journal = JournalSettings.From(options.Persistence, folder);
        var plan = Plan(options, sweepId, Path.Combine(folder, "artifacts"));
        int stepsPlanned = plan.Problems.Sum(p => 2 * p.Iterations * p.Repetitions);
        log?.WriteLine($"Coordinator benchmark {sweepId}: {options.Nodes} nodes × {options.Slots} slots, {plan.Problems.Count} problem(s) " +
                       $"({string.Join(", ", plan.Problems.Select(p => $"{p.Problem} × {p.Repetitions}"))} repetitions) × {options.Iterations} iterations " +
                       $"= {stepsPlanned} steps, {options.Layers} layer(s) measured per step, {(options.NodeThreads > 0 ? $"{options.NodeThreads} threads of the nodes' own" : "nodes on the coordinator's threads")}, journal {journal.Description}{(options.Seconds is { } s ? $", at most {s} s" : "")}");

        using var offers = new OfferClock(sweepId);
        var measurements = new CoordinatorMeasurements(offers);
        var compute = new InstantCompute(options.Layers);
        var page = options.Pages > 0 ? LivePage(folder, sweepId, plan, journal) : null;
        var host = await PipelineHost.StartAsync("bench", akka =>
        {
            akka.WithPipelineLogging(Path.Combine(folder, "bench.log")).WithSweepJournal(journal);
            if (page?.Activity is { } activity) akka.WithActors((system, _) => activity.AttachTo(system));
        }, telemetry: null, cancellation, services => page?.AddTo(services));
        var system = host.ActorSystem();
        var timeline = new StepTimeline();
        LivePageProbe? pages = null;
        bool failed = true;
        try
        {
            timeline.Attach(system);
            if (page is not null)
            {
                var url = LivePageHosting.Server(host).Url ?? throw new InvalidOperationException(LivePageHosting.Describe(host));
                pages = await LivePageProbe.OpenAsync(url, options.Pages, cancellation);
                log?.WriteLine($"{options.Pages} live pages open on {url}");
            }
            if (options.NodeThreads > 0) NodeThreadPool.Install(system, "node-*", options.NodeThreads);
            measurements.ListenTo(system);
            var coordinator = system.ActorOf(SweepCoordinator.Props(plan), $"sweep-{sweepId}");
            var coordinatorStopped = coordinator.WatchAsync(cancellation);
            string root = SweepPaths.Root(plan.ArtifactFolder);
            for (int node = 0; node < options.Nodes; node++)
            {
                string name = $"node-{node:D3}";
                system.ActorOf(NodeTap.Props(new NodeDescription(name, ["cpu"], options.Slots), root, coordinator, compute, measurements,
                    options.NodeThreads > 0 ? NodeThreadPool.Id : null), name);
            }
            var joining = Stopwatch.StartNew();
            while (measurements.NodesJoined < options.Nodes)
            {
                if (joining.Elapsed > JoinTimeout) throw new InvalidOperationException($"only {measurements.NodesJoined} of {options.Nodes} nodes joined within {JoinTimeout.TotalSeconds:0} s.");
                await Task.Delay(10, cancellation);
            }

            var clock = Stopwatch.StartNew();
            var finished = coordinator.Ask<SweepOutcome>(new RunSweep(null), Timeout.InfiniteTimeSpan, cancellation);
            var deadline = options.Seconds is { } seconds ? TimeSpan.FromSeconds(seconds) : Timeout.InfiniteTimeSpan;
            int lastSteps = -1;
            var lastProgress = TimeSpan.Zero;
            while (!finished.IsCompleted)
            {
                if (coordinatorStopped.IsCompleted) throw new InvalidOperationException($"the sweep coordinator stopped (see {Path.Combine(folder, "bench.log")}).");
                if (deadline != Timeout.InfiniteTimeSpan && clock.Elapsed >= deadline) break;
                int steps = measurements.StepsPersisted;
                if (steps != lastSteps) (lastSteps, lastProgress) = (steps, clock.Elapsed);
                else if (clock.Elapsed - lastProgress > StallTimeout)
                    throw new InvalidOperationException($"no step persisted for {StallTimeout.TotalSeconds:0} s ({steps} of {stepsPlanned}; see {Path.Combine(folder, "bench.log")}).");
                await Task.WhenAny(finished, coordinatorStopped, Task.Delay(TimeSpan.FromMilliseconds(50), cancellation));
            }
            double elapsed = clock.Elapsed.TotalSeconds;
            int persisted;
            if (finished.IsCompletedSuccessfully)
            {
                // Every problem finished: count from their final states (the journal replayed into the supervisors' folds).
                var sweep = await finished;
                persisted = sweep.Problems.Sum(p => p.State.Repetitions.Values.Sum(r => r.Trained.Count + r.Similarity.Count));
                // The relays' answers may trail the last record by a message: give them a moment.
                for (int wait = 0; wait < 100 && measurements.StepsRecordedReceived < persisted; wait++) await Task.Delay(10, cancellation);
            }
            else persisted = measurements.StepsPersisted;

            IReadOnlyList<(string, long, double)> loads = [];
            LatencySamples? updates = null;
            if (pages is not null)
            {
                await Task.Delay(LivePageEndpoints.MinUpdateInterval * 2, cancellation); // the last steps reach the pages
                loads = await pages.LoadAsync(plan.Problems[0].Metrics[0], cancellation);
                await pages.DisposeAsync();
                updates = pages.UpdateLatency(timeline);
            }

            var result = new CoordinatorBenchmarkResult
            {
                Nodes = options.Nodes,
                Slots = options.Slots,
                Problems = plan.Problems.Count,
                Repetitions = plan.Problems.Sum(p => p.Repetitions),
                Iterations = options.Iterations,
                SweepId = sweepId,
                Journal = journal.Description,
                StepsPlanned = stepsPlanned,
                StepsPersisted = persisted,
                StepsRecordedReceived = measurements.StepsRecordedReceived,
                Seconds = elapsed,
                Finished = finished.IsCompletedSuccessfully,
                Assignments = measurements.Assignment.Count,
                AssignmentsWithoutOffer = measurements.AssignmentsWithoutOffer,
                AssignmentP50 = measurements.Assignment.Percentile(50),
                AssignmentP99 = measurements.Assignment.Percentile(99),
                StepRecords = measurements.StepRecord.Count,
                StepRecordP50 = measurements.StepRecord.Percentile(50),
                StepRecordP99 = measurements.StepRecord.Percentile(99),
                Pages = options.Pages,
                PageUpdates = pages?.UpdatesReceived ?? 0,
                PageUpdateP50 = updates?.Percentile(50) ?? double.NaN,
                PageUpdateP99 = updates?.Percentile(99) ?? double.NaN,
                PageLoads = loads,
            };
            failed = false;
            return result;
        }
        finally
        {
            if (pages is not null) await pages.DisposeAsync();
            await host.StopAndDisposeAsync();
            // Keep the log of a run that went wrong; the journal of a PostgreSQL run stays in its database (under the run's own sweep id).
            if (!failed) TryDelete(folder);
        }
    }

    /// <summary>The live page of the benchmark's sweep, as `sweep` serves it (its data: none, the compute returns at once).</summary>
    private static LivePageHosting LivePage(string folder, string sweepId, SweepPlan plan, JournalSettings journal)
    {
        var manifest = new SweepManifest(sweepId, "bench", new SweepConfig(), plan, "(none: the benchmark's compute returns at once)", "");
        var options = LivePageOptions.Parse(null) ?? throw new InvalidOperationException("the live page's default options are off");
        return new LivePageHosting(options, new LiveSweepSource(folder, manifest, journal.Description), new SweepActivitySource());
    }

    /// <summary>The paper's problems, with the benchmark's repetitions and iterations; a probe set of one tiny batch.</summary>
    public static SweepPlan Plan(CoordinatorBenchmarkOptions options, string sweepId, string artifactFolder)
    {
        var repetitions = options.RepetitionsPerProblem();
        return new SweepPlan
        {
            SweepId = sweepId,
            ArtifactFolder = artifactFolder,
            Problems = options.Problems.Select((problem, i) => ProblemPlan.Paper(problem) with
            {
                Repetitions = repetitions[i],
                Iterations = options.Iterations,
                ProbeSize = 16,
                ProbeBatchSize = 16,
            }).ToList(),
        };
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
