using System.Globalization;
using System.Text;

namespace ActorPipeline.Host.Bench;

/// <summary>
/// One run of the coordinator benchmark: steps (iterations trained and measured) persisted in how many seconds, and
/// the assignment and step-record latencies (p50/p99), against the targets: at least <see cref="TargetStepsPerSecond"/>
/// steps/s and an assignment p99 under <see cref="TargetAssignmentP99Milliseconds"/> ms.
/// </summary>
internal sealed record CoordinatorBenchmarkResult
{
    public const double TargetStepsPerSecond = 500;
    public const double TargetAssignmentP99Milliseconds = 100;

    public required int Nodes { get; init; }
    public required int Slots { get; init; }
    public required int Problems { get; init; }
    public required int Repetitions { get; init; }
    public required int Iterations { get; init; }
    public required string SweepId { get; init; }
    public required string Journal { get; init; }
    /// <summary>Iterations trained and measured the plan has: 2 × iterations × repetitions.</summary>
    public required int StepsPlanned { get; init; }
    /// <summary>Iterations trained and measured the supervisors persisted (their journals' events).</summary>
    public required int StepsPersisted { get; init; }
    /// <summary>StepRecorded answers that reached the nodes.</summary>
    public required int StepsRecordedReceived { get; init; }
    /// <summary>From sending RunSweep (every node registered) to the sweep's end, or to the --seconds limit.</summary>
    public required double Seconds { get; init; }
    /// <summary>Every problem finished (false: stopped at the --seconds limit).</summary>
    public required bool Finished { get; init; }
    public required int Assignments { get; init; }
    public required int AssignmentsWithoutOffer { get; init; }
    public required double AssignmentP50 { get; init; }
    public required double AssignmentP99 { get; init; }
    public required int StepRecords { get; init; }
    public required double StepRecordP50 { get; init; }
    public required double StepRecordP99 { get; init; }

    /// <summary>Live pages open during the run (0: none served).</summary>
    public int Pages { get; init; }
    public int PageUpdates { get; init; }
    public double PageUpdateP50 { get; init; } = double.NaN;
    public double PageUpdateP99 { get; init; } = double.NaN;
    public IReadOnlyList<(string Resource, long Bytes, double Milliseconds)> PageLoads { get; init; } = [];

    public const double TargetPageUpdateP99Milliseconds = 1000;
    public bool MeetsPageUpdateLatency => PageUpdateP99 <= TargetPageUpdateP99Milliseconds;

    public double StepsPerSecond => Seconds > 0 ? StepsPersisted / Seconds : 0;
    public bool MeetsThroughput => StepsPerSecond >= TargetStepsPerSecond;
    public bool MeetsAssignmentLatency => AssignmentP99 < TargetAssignmentP99Milliseconds;

    public string Table()
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(c, $"{"nodes",5} {"slots",5} {"steps",7} {"seconds",8} {"steps/s",8} {"assign p50 ms",13} {"assign p99 ms",13} {"record p50 ms",13} {"record p99 ms",13}  journal");
        text.AppendLine(c, $"{Nodes,5} {Slots,5} {StepsPersisted,7} {Seconds,8:F1} {StepsPerSecond,8:F0} {AssignmentP50,13:F2} {AssignmentP99,13:F2} {StepRecordP50,13:F2} {StepRecordP99,13:F2}  {Journal}");
        if (Pages > 0)
        {
            text.AppendLine(c, $"live pages open: {Pages}; snapshots received: {PageUpdates}; update latency (step recorded → shown on a page) p50 {PageUpdateP50:F0} ms, p99 {PageUpdateP99:F0} ms");
            text.AppendLine("page load (one fetch each, figures drawn cold):");
            text.AppendLine(LivePageProbe.Describe(PageLoads));
        }
        return text.ToString();
    }

    public string Targets()
    {
        var c = CultureInfo.InvariantCulture;
        return string.Join(Environment.NewLine,
            string.Create(c, $"{(MeetsThroughput ? "PASS" : "MISS")}  steps persisted/s ≥ {TargetStepsPerSecond:F0}: {StepsPerSecond:F0}"),
            string.Create(c, $"{(MeetsAssignmentLatency ? "PASS" : "MISS")}  assignment p99 < {TargetAssignmentP99Milliseconds:F0} ms: {AssignmentP99:F2} ms"),
            Pages == 0 ? "" : string.Create(c, $"{(MeetsPageUpdateLatency ? "PASS" : "MISS")}  live page update p99 ≤ {TargetPageUpdateP99Milliseconds:F0} ms with {Pages} pages: {PageUpdateP99:F0} ms")).TrimEnd();
    }
}
