using ActorPipeline.Actors.Dispatch;
using ActorPipeline.Actors.Observers;
using ActorPipeline.Actors.Problems;
using ActorPipeline.Actors.Progress;
using ActorPipeline.Host.Reports;
using ActorPipeline.Host.Results;
using ActorPipeline.Ml.Experiments;

namespace ActorPipeline.Host.Live;

/// <summary>Builds a <see cref="LiveSnapshot"/> from <see cref="LiveSweepInputs"/>: pure, so every state a page can show is tested without a browser.</summary>
public static class LiveSnapshotBuilder
{
    public static LiveSnapshot Build(LiveSweepInputs inputs, long version)
    {
        var plan = inputs.Manifest.Plan;
        var states = inputs.States ?? plan.Problems.Select(p => new ProblemState(p.Problem)).ToList();
        var byProblem = states.ToDictionary(s => s.Problem);
        var problems = plan.Problems.Select(p => Problem(p, byProblem.GetValueOrDefault(p.Problem) ?? new ProblemState(p.Problem), inputs)).ToList();
        int done = problems.Sum(p => p.StepsDone), total = problems.Sum(p => p.StepsTotal);
        bool finished = inputs.States is not null && plan.Problems.All(p => byProblem.TryGetValue(p.Problem, out var s) && s.IsFinished(p.Repetitions));
        var first = plan.Problems[0];
        string summary = $"{string.Join(", ", plan.Problems.Select(p => ProblemNames.Display(p.Problem)))}; {first.Repetitions} repetitions × {first.Iterations} IMP iterations; " +
                         $"{first.DenseEpochs} dense / {first.ImpEpochs} IMP epochs, rewind to epoch {first.RewindEpoch}; {first.ProbeSize} probe images; {string.Join(", ", first.Metrics)}";
        var provenance = DataProvenance.Of(inputs.Manifest.DataChecksum, inputs.Manifest.DataPath);
        return new LiveSnapshot(
            version, inputs.Manifest.SweepId, inputs.Manifest.Profile, inputs.Folder, summary, provenance.IsOfficial ? null : provenance.Warning, inputs.ReadOnly, inputs.Now,
            inputs.Manifest.StartedAt,
            inputs.Clock is { } clock && !finished ? HumanDuration.Format(Max0(inputs.Now - clock.Since)) : null,
            finished ? null : Eta(inputs, done, total),
            done, total, finished, inputs.Journal,
            inputs.States is null ? [] : ResultsWriter.Failures(states).ToList(),
            problems, Nodes(inputs.Nodes ?? inputs.Activity.Dispatch, inputs),
            first.Metrics,
            inputs.CompareWith);
    }

    /// <summary>From the rate since watching began; unknown until a step was recorded meanwhile.</summary>
    private static string? Eta(LiveSweepInputs inputs, int done, int total)
    {
        if (inputs.Clock is not { } clock || done <= clock.StepsAtStart) return null;
        var elapsed = Max0(inputs.Now - clock.Since);
        return HumanDuration.Format(TimeSpan.FromSeconds(elapsed.TotalSeconds / (done - clock.StepsAtStart) * (total - done)));
    }

    private static TimeSpan Max0(TimeSpan t) => t < TimeSpan.Zero ? TimeSpan.Zero : t;

    private static LiveProblem Problem(ProblemPlan plan, ProblemState state, LiveSweepInputs inputs)
    {
        var running = Running(plan.Problem, inputs);
        string denseCell = state.Dense is not null ? LiveCellStates.Recorded
            : state.DenseFailure is not null ? LiveCellStates.Failed
            : running.ContainsKey(WorkProgress.DenseRepetition) ? LiveCellStates.Running
            : LiveCellStates.Queued;
        var rows = new List<LiveRepetitionRow>();
        for (int repetition = 0; repetition < plan.Repetitions; repetition++)
        {
            var rep = state.Repetition(repetition);
            var cells = new string[plan.Iterations + 1];
            cells[0] = denseCell;
            var next = rep.NextStep(plan.Iterations);
            running.TryGetValue(repetition, out var what);
            for (int iteration = 1; iteration <= plan.Iterations; iteration++)
                cells[iteration] = rep.Similarity.ContainsKey(iteration) ? LiveCellStates.Recorded
                    : rep.Trained.ContainsKey(iteration) && iteration != next.Iteration ? LiveCellStates.Trained
                    : iteration != next.Iteration ? (rep.Failure is not null && iteration > next.Iteration ? LiveCellStates.Abandoned : LiveCellStates.Queued)
                    : rep.Failure is not null ? LiveCellStates.Failed
                    : what is not null ? LiveCellStates.Running
                    : rep.Trained.ContainsKey(iteration) ? LiveCellStates.Trained
                    : LiveCellStates.Queued;
            rows.Add(new LiveRepetitionRow(repetition, cells, rep.Attempts, rep.Failure is null ? what : null, rep.Failure));
        }
        var speeds = inputs.Activity.Work.Values.Where(w => w.Problem == plan.Problem && w.ImagesPerSecond > 0).Select(w => w.ImagesPerSecond).ToList();
        string denseState = state.Dense is not null ? "trained" : state.DenseFailure is { } failure ? $"failed: {failure}" : running.TryGetValue(WorkProgress.DenseRepetition, out var dense) ? dense : "waiting";
        return new LiveProblem(plan.Problem, ProblemNames.Display(plan.Problem), plan.Repetitions, plan.Iterations, denseState, state.Dense?.TestAccuracy,
            state.StepsRecorded, plan.StepsPlanned, speeds.Count > 0 ? speeds.Sum() : null, rows);
    }

    /// <summary>What runs of a problem, per repetition (dense: <see cref="WorkProgress.DenseRepetition"/>): this process's progress, else the dispatcher's nodes.</summary>
    private static Dictionary<int, string> Running(string problem, LiveSweepInputs inputs)
    {
        var running = new Dictionary<int, string>();
        foreach (var node in (inputs.Nodes ?? inputs.Activity.Dispatch)?.Nodes ?? [])
        foreach (var work in node.Running.Where(w => w.Problem == problem))
            running[work.Repetition] = $"on {node.Name} since {work.Since:HH:mm:ss} UTC";
        foreach (var work in inputs.Activity.Work.Values.Where(w => w.Problem == problem))
            running[work.Repetition] = Describe(work);
        return running;
    }

    private static string Describe(WorkProgress work)
    {
        string iteration = work.Repetition == WorkProgress.DenseRepetition ? "dense" : $"iteration {work.Iteration}";
        string count = work.Epochs > 0 ? $" {work.Epoch}/{work.Epochs}" : "";
        string speed = work.ImagesPerSecond > 0 ? $", {work.ImagesPerSecond:F0} img/s" : "";
        return $"{iteration}: {work.Stage}{count}{speed} on {work.Device}";
    }

    private static LiveNodes? Nodes(DispatchStatus? status, LiveSweepInputs inputs)
    {
        if (status is null) return null;
        var activity = inputs.Activity;
        return new LiveNodes(status.At, status.Queued,
            status.Nodes.Select(n =>
            {
                var utilisation = inputs.Utilisation?.Of(n.Name, inputs.Now);
                return new LiveNode(n.Name, n.Devices, n.SlotsPerDevice, n.JoinedAt,
                    n.Running.Select(r => new LiveSlotWork(r.Problem, r.Repetition, r.Since,
                        activity.Work.TryGetValue((r.Problem, r.Repetition), out var work) ? Describe(work) : null)).ToList(),
                    utilisation?.Share, utilisation is { } u ? HumanDuration.Format(u.Over) : null);
            }).ToList(),
            status.Lost.Select(l => new LiveLostNode(l.Name, l.At, l.AssignmentsRequeued)).ToList())
        {
            Refused = status.Refused.Select(r => new LiveRefusedNode(r.Name, r.At, r.Reason)).ToList(),
        };
    }
}
