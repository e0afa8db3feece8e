using ActorPipeline.Actors.Progress;
using ActorPipeline.Actors.Wire;
using Akka.Actor;

namespace ActorPipeline.Actors.Nodes;

/// <summary>
/// A worker's terminal: one timestamped line when the node joins, waits or is refused, and when a piece of work starts a
/// new stage (not every epoch: a worker's log stays readable over days), ends, or the sweep completes.
/// </summary>
public sealed class WorkerConsole : ReceiveActor
{
    private readonly TextWriter _output;
    private readonly Dictionary<(string Problem, int Repetition), string> _stages = new();

    public WorkerConsole(TextWriter output)
    {
        _output = output;
        Receive<NodeWaiting>(waiting => Line(waiting.Reason));
        Receive<NodeJoined>(joined => Line($"joined sweep {joined.SweepId}; pulling work"));
        Receive<NodeRefused>(refused => Line($"cannot serve this sweep: {refused.Reason}"));
        Receive<SweepCompleted>(completed => Line($"sweep {completed.SweepId} is complete"));
        Receive<WorkProgress>(progress =>
        {
            string work = progress.Repetition == WorkProgress.DenseRepetition ? $"{progress.Problem} dense" : $"{progress.Problem} repetition {progress.Repetition} it {progress.Iteration}";
            string stage = $"{progress.Stage}{(progress.Device.Length > 0 ? $" on {progress.Device}" : "")}";
            var key = (progress.Problem, progress.Repetition);
            string line = $"{work}: {stage}";
            if (_stages.TryGetValue(key, out var last) && last == line) return;
            _stages[key] = line;
            Line(line);
        });
        Receive<WorkEnded>(ended =>
        {
            if (_stages.Remove((ended.Problem, ended.Repetition)))
                Line(ended.Repetition == WorkProgress.DenseRepetition ? $"{ended.Problem} dense: ended" : $"{ended.Problem} repetition {ended.Repetition}: ended");
        });
    }

    public static Props Props(TextWriter output) => Akka.Actor.Props.Create(() => new WorkerConsole(output));

    protected override void PreStart()
    {
        foreach (var type in new[] { typeof(NodeWaiting), typeof(NodeJoined), typeof(NodeRefused), typeof(SweepCompleted), typeof(WorkProgress), typeof(WorkEnded) })
            Context.System.EventStream.Subscribe(Self, type);
    }

    private void Line(string text) => _output.WriteLine($"{DateTime.Now:HH:mm:ss} {text}");
}
