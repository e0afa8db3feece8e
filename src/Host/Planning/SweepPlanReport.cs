using System.Globalization;
using ActorPipeline.Actors.Plans;
using ActorPipeline.Ml.Data;
using ActorPipeline.Ml.Devices;
using ActorPipeline.Ml.Experiments;
using ActorPipeline.Ml.IntrinsicDimension;
using ActorPipeline.Ml.Training;
using ActorPipeline.Actors.Persistence;

namespace ActorPipeline.Host.Planning;

/// <summary>
/// `sweep --dry-run`: the resolved work of a sweep and what it costs on the devices given, before anything runs. The
/// throughput is measured briefly per problem on this machine's first device (or given with --throughput).
/// </summary>
public static class SweepPlanReport
{
    private static readonly ThroughputBenchmarkOptions DryRunMeasurement = new() { Rule = new SteadyStateRule(Window: 5, Tolerance: 0.15), SteadyBatches = 10, MaxBatches = 80, TimeLimit = TimeSpan.FromSeconds(40) };

    public static void Print(SweepPlan plan, IReadOnlyList<string> devices, int slotsPerDevice, double? throughput, TextWriter output)
    {
        var inv = CultureInfo.InvariantCulture;
        output.WriteLine($"sweep {plan.SweepId}: what it will do (upper bounds where early stopping may end a training sooner)");
        output.WriteLine($"{"problem",-8} {"trainings",9} {"epochs",9} {"train images",14} {"eval images",13} {"probe images",13} {"images/s",9} {"wall time",12}");
        var total = TimeSpan.Zero;
        var walls = new List<TimeSpan>();
        var warnings = new List<string>();
        var estimates = plan.Problems.Select(SweepCostEstimate.Of).ToList();
        foreach (var (problem, estimate) in plan.Problems.Zip(estimates))
        {
            double speed = throughput ?? MeasuredRate(problem, devices[0], warnings);
            var wall = estimate.WallTime(speed, devices.Count);
            total += wall;
            walls.Add(wall);
            output.WriteLine(string.Create(inv, $"{estimate.Problem,-8} {estimate.Trainings,9:N0} {estimate.Epochs,9:N0} {estimate.TrainingImages,14:N0} {estimate.EvaluationImages,13:N0} {estimate.ProbeImages,13:N0} {speed,9:N0} {Format(wall),12}{(estimate.UpperBound ? " ≤" : "")}"));
        }
        output.WriteLine(string.Create(inv, $"{"total",-8} {estimates.Sum(e => e.Trainings),9:N0} {estimates.Sum(e => e.Epochs),9:N0} {estimates.Sum(e => e.TrainingImages),14:N0} {estimates.Sum(e => e.EvaluationImages),13:N0} {estimates.Sum(e => e.ProbeImages),13:N0} {"",9} {Format(total),12}"));
        output.WriteLine($"on {devices.Count} device(s) ({string.Join(", ", devices)}) × {slotsPerDevice} slots, throughput {(throughput is null ? $"measured on {devices[0]}" : "given")}; " +
                         "evaluation and probing count a third of a training image; slots are assumed to add no throughput.");
        PrintIntrinsicDimension(plan, devices, walls, output);
        foreach (var warning in warnings) output.WriteLine(warning);
    }

    /// <summary>The intrinsic dimension's work, memory and share of the time, where the plan asks for it (its float64 Gram rate measured on the first device).</summary>
    private static void PrintIntrinsicDimension(SweepPlan plan, IReadOnlyList<string> devices, IReadOnlyList<TimeSpan> walls, TextWriter output)
    {
        var costs = plan.Problems.Select(p => IntrinsicDimensionCost.Of(p, ProbeLayerShapes.Of(p).Select(l => l.Features).ToList())).ToList();
        if (costs.All(c => c.Scope == IntrinsicDimensionScope.Off)) return;
        var inv = CultureInfo.InvariantCulture;
        double rate = GramThroughput.Measure(ComputeDevices.ParseOne(devices[0]));
        output.WriteLine();
        output.WriteLine(string.Create(inv, $"intrinsic dimension (TwoNN, exact neighbours by float64 Gram products at {rate / 1e9:N1} GFLOP/s on {devices[0]}), on top of the wall time above:"));
        output.WriteLine($"{"problem",-8} {"scope",6} {"points",7} {"estimates",9} {"layers",6} {"widest",8} {"Gram TFLOP",11} {"points held",12} {"time",12} {"share",6}");
        var idTotal = TimeSpan.Zero;
        foreach (var (cost, wall) in costs.Zip(walls))
        {
            var time = cost.Time(rate, devices.Count);
            idTotal += time;
            double share = time / (wall + time);
            output.WriteLine(string.Create(inv, $"{cost.Problem,-8} {cost.Scope.ToString().ToLowerInvariant(),6} {cost.Points,7:N0} {cost.Estimates,9:N0} {cost.Layers,6} {cost.WidestLayer,8:N0} {cost.Operations / 1e12,11:N2} {cost.PeakPointBytes / 1048576.0,8:N0} MiB {Format(time),12} {share,6:P0}"));
        }
        var sweepWall = walls.Aggregate(TimeSpan.Zero, (a, b) => a + b);
        output.WriteLine(string.Create(inv, $"{"total",-8} {"",6} {"",7} {costs.Sum(c => c.Estimates),9:N0} {"",6} {"",8} {costs.Sum(c => c.Operations) / 1e12,11:N2} {"",12} {Format(idTotal),12} {idTotal / (sweepWall + idTotal),6:P0}"));
        output.WriteLine("points held: one repetition's probe pass gathers every layer's points at once (the dense and the pruned network's in the first measurement); share: of the sweep's time with it.");
    }

    /// <summary>The steady-state rate of the plan's training step; a warning when it did not settle or others took CPU meanwhile.</summary>
    private static double MeasuredRate(ProblemPlan plan, string device, List<string> warnings)
    {
        var m = Measure(plan, device);
        if (!m.Settled) warnings.Add($"warning: {plan.Key}: the batch times did not settle within {m.BatchSeconds.Count} batches; its rate is rough");
        if (ComputeDevices.ParseOne(device).type == TorchSharp.DeviceType.CPU && m.Contention is { Busy: true } busy)
            warnings.Add($"warning: the machine was busy while measuring {plan.Key} ({busy.Describe()}): its rate is low and the wall time long; measure on a quiet machine or give --throughput");
        return m.SteadyImagesPerSecond;
    }

    private static ThroughputMeasurement Measure(ProblemPlan plan, string device)
    {
        var target = ComputeDevices.ParseOne(device);
        using var train = new DeviceDataset(RandomImages.Create(checked((int)SweepCostEstimate.Of(plan).TrainImagesPerEpoch), Problems.Get(plan.Problem).ClassCount), target);
        return PlanThroughput.Measure(plan, train, DryRunMeasurement);
    }

    private static string Format(TimeSpan wall) => wall.TotalDays >= 1
        ? $"{(int)wall.TotalDays}d {wall.Hours:00}h{wall.Minutes:00}m"
        : $"{(int)wall.TotalHours}h {wall.Minutes:00}m {wall.Seconds:00}s";
}
