using System.Diagnostics;
using System.Globalization;
using ActorPipeline.Actors.Dispatch;
using ActorPipeline.Actors.Persistence;
using ActorPipeline.Actors.Progress;
using Akka.Actor;

namespace ActorPipeline.Actors.Observers;

/// <summary>
/// Shows a running sweep: on a terminal a block redrawn in place (overall bar, per problem: steps done of
/// total, current stage, ETA); otherwise (CI, logs) one plain line per event. Fed from the event stream.
/// </summary>
public sealed class SweepProgressDisplay : ReceiveActor, IWithTimers
{
    private sealed record Redraw;

    private readonly TextWriter _out;
    private readonly bool _interactive;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Dictionary<string, ProblemProgress> _problems = new();
    // What each dense trainer / worker (problem, repetition) last reported, until it ends.
    private readonly Dictionary<(string Problem, int Repetition), WorkProgress> _current = new();
    private readonly Dictionary<string, int> _totals;
    private readonly int _stepsAtStart;
    private int _linesDrawn;
    private string? _outage;
    // The dispatcher's view: what waits for a free slot, and what runs on other nodes (a cluster coordinator sees no worker progress).
    private DispatchStatus? _dispatch;

    public ITimerScheduler Timers { get; set; } = null!;

    public SweepProgressDisplay(IReadOnlyList<SweepProgressCount> initial, TextWriter output, bool interactive)
    {
        _out = output;
        _interactive = interactive;
        _totals = initial.ToDictionary(p => p.Problem, p => p.Total);
        foreach (var count in initial) _problems[count.Problem] = new ProblemProgress(count.Problem, false, count.Done, count.Total, 0, false);
        _stepsAtStart = initial.Sum(c => c.Done);

        Receive<WorkProgress>(work =>
        {
            _current[(work.Problem, work.Repetition)] = work;
            // Plain output: every training epoch, but only the start of a measurement (not each probe batch).
            if (!_interactive && (work.Stage != "similarity" || work.Epoch == 1)) _out.WriteLine(Describe(work));
        });
        Receive<WorkEnded>(ended => _current.Remove((ended.Problem, ended.Repetition)));
        Receive<StorageFaultReported>(fault =>
            _out.WriteLine($"storage fault: {fault.Error}; {fault.Problem} starts that work again in {fault.RetryIn.TotalSeconds:0.#} s")); // rare and important: a line even on a terminal
        Receive<JournalOutageStarted>(outage =>
        {
            _outage = JournalOutageLines.Unavailable(outage.Since, outage.Journal, outage.Reason);
            if (!_interactive) _out.WriteLine(_outage);
        });
        Receive<JournalOutageEnded>(ended =>
        {
            _outage = null;
            if (!_interactive) _out.WriteLine(JournalOutageLines.Available(ended.Duration));
        });
        Receive<ProblemProgress>(problem =>
        {
            _problems[problem.Problem] = problem;
            ActorPipeline.Ml.Telemetry.PipelineDiagnostics.ReportSweepProgress((double)_problems.Values.Sum(p => p.StepsDone) / Math.Max(1, _totals.Values.Sum()));
            if (!_interactive) _out.WriteLine($"{problem.Problem}: {problem.StepsDone}/{problem.StepsTotal} steps recorded{(problem.FailedRepetitions > 0 ? $", {problem.FailedRepetitions} repetitions failed" : "")}{(problem.Finished ? ", finished" : "")}  | overall {Overall()}");
        });
        Receive<DispatchStatus>(status => _dispatch = status);
        Receive<Redraw>(_ => Draw());
    }

    public static Props Props(IReadOnlyList<SweepProgressCount> initial, TextWriter output, bool interactive) =>
        Akka.Actor.Props.Create(() => new SweepProgressDisplay(initial, output, interactive));

    protected override void PreStart()
    {
        if (_interactive) Timers.StartPeriodicTimer("redraw", new Redraw(), TimeSpan.Zero, TimeSpan.FromMilliseconds(500));
    }

    protected override void PostStop()
    {
        if (_interactive) Draw();
    }

    private string Overall()
    {
        var counts = _problems.Values.Select(p => new SweepProgressCount(p.Problem, p.StepsDone, _totals[p.Problem])).ToList();
        int done = counts.Sum(c => c.Done), total = counts.Sum(c => c.Total);
        int doneHere = done - _stepsAtStart;
        string eta = doneHere > 0 && done < total
            ? HumanDuration.Format(TimeSpan.FromSeconds(_clock.Elapsed.TotalSeconds / doneHere * (total - done)))
            : "…";
        string queued = _dispatch is { Queued: > 0 } d ? $", {d.Queued} waiting for a free slot" : "";
        return $"{SweepProgressCount.Describe(counts)}{queued}, elapsed {_clock.Elapsed:hh\\:mm\\:ss}, ETA {eta}";
    }

    private static string Describe(WorkProgress w)
    {
        string who = w.Repetition == WorkProgress.DenseRepetition ? "dense" : $"rep {w.Repetition} it {w.Iteration}";
        if (w.Stage == WorkProgress.WaitingForDevice) return $"{w.Problem} {who}: {w.Stage}";
        string accuracy = double.IsNaN(w.TestAccuracy) ? "" : $" test acc {w.TestAccuracy:P1}";
        string speed = w.ImagesPerSecond > 0 ? $" {w.ImagesPerSecond:F0} img/s" : "";
        string count = w.Epochs > 0 ? $" {w.Epoch}/{w.Epochs}" : "";
        return $"{w.Problem} {who}: {w.Stage}{count}{accuracy}{speed} on {w.Device}";
    }

    /// <summary>What a problem is doing: its most recent running work, else how many of its workers wait for a device.</summary>
    private string Stage(string problem)
    {
        var work = _current.Values.Where(w => w.Problem == problem).ToList();
        var running = work.Where(w => w.Stage != WorkProgress.WaitingForDevice).ToList();
        int waiting = work.Count - running.Count;
        string queued = waiting > 0 ? $"; {waiting} waiting for a device" : "";
        if (running.Count > 0) return Describe(running.MaxBy(w => (w.Repetition, w.Iteration))!) + (running.Count > 1 ? $" (+{running.Count - 1} running)" : "") + queued;
        if (waiting > 0) return $"waiting for a device ({waiting} queued)";
        // Nothing of it runs in this process: on the cluster's nodes, or waiting for a free slot.
        var remote = _dispatch?.Nodes.SelectMany(n => n.Running.Where(r => r.Problem == problem).Select(r => (Node: n.Name, Work: r))).ToList() ?? [];
        if (remote.Count == 0) return "waiting for a free slot";
        var latest = remote.MaxBy(r => r.Work.Since);
        string what = latest.Work.Repetition == WorkProgress.DenseRepetition ? "dense" : $"rep {latest.Work.Repetition}";
        return $"{what} on {latest.Node}" + (remote.Count > 1 ? $" (+{remote.Count - 1} running)" : "");
    }

    private void Draw()
    {
        var lines = new List<string>();
        int done = _problems.Values.Sum(p => p.StepsDone), total = Math.Max(1, _totals.Values.Sum());
        int width = 30, filled = (int)Math.Round(width * (double)done / total);
        lines.Add($"[{new string('#', filled)}{new string('.', width - filled)}] {Overall()}");
        lines.Add(_outage is null ? "" : $"  {_outage}"); // always a line, so the block keeps its height
        foreach (var (problem, progress) in _problems)
        {
            string stage = progress.Finished ? "finished" : Stage(problem);
            lines.Add($"  {problem,-8} {progress.StepsDone,5}/{progress.StepsTotal,-5} {stage}");
        }
        if (_linesDrawn > 0) _out.Write($"\u001b[{_linesDrawn}F");
        foreach (var line in lines) _out.WriteLine($"\u001b[2K{line}");
        _linesDrawn = lines.Count;
        _out.Flush();
    }
}
