using System.Globalization;
using ActorPipeline.Actors.Plans;
using ActorPipeline.Ml.Data;
using ActorPipeline.Ml.Devices;
using ActorPipeline.Ml.Experiments;
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
        var warnings = new List<string>();
        var estimates = plan.Problems.Select(SweepCostEstimate.Of).ToList();
        foreach (var (problem, estimate) in plan.Problems.Zip(estimates))
        {
            double speed = throughput ?? MeasuredRate(problem, devices[0], warnings);
            var wall = estimate.WallTime(speed, devices.Count);
            total += wall;
            output.WriteLine(string.Create(inv, $"{estimate.Problem,-8} {estimate.Trainings,9:N0} {estimate.Epochs,9:N0} {estimate.TrainingImages,14:N0} {estimate.EvaluationImages,13:N0} {estimate.ProbeImages,13:N0} {speed,9:N0} {Format(wall),12}{(estimate.UpperBound ? " ≤" : "")}"));
        }
        output.WriteLine(string.Create(inv, $"{"total",-8} {estimates.Sum(e => e.Trainings),9:N0} {estimates.Sum(e => e.Epochs),9:N0} {estimates.Sum(e => e.TrainingImages),14:N0} {estimates.Sum(e => e.EvaluationImages),13:N0} {estimates.Sum(e => e.ProbeImages),13:N0} {"",9} {Format(total),12}"));
        output.WriteLine($"on {devices.Count} device(s) ({string.Join(", ", devices)}) × {slotsPerDevice} slots, throughput {(throughput is null ? $"measured on {devices[0]}" : "given")}; " +
                         "evaluation and probing count a third of a training image; slots are assumed to add no throughput.");
        foreach (var warning in warnings) output.WriteLine(warning);
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
