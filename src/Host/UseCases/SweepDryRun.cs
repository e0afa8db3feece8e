using ActorPipeline.Host.Cli;
using ActorPipeline.Host.Planning;
using ActorPipeline.Ml.Devices;

namespace ActorPipeline.Host.UseCases;

/// <summary>`sweep … --dry-run`: the resolved work and an estimate of its wall time; runs nothing.</summary>
public static class SweepDryRun
{
    /// <param name="throughput">Training images/s of one device; null: measured briefly on this machine.</param>
    public static async Task<int> RunAsync(SweepRequest request, double? throughput, TextWriter output, CancellationToken cancellation)
    {
        var settings = request.Settings;
        var deviceNames = ComputeDevices.ParseNames(settings.Devices);
        var location = await Cifar10Loading.ConsoleSource(request.AllowDownload).ResolveAsync(settings.Data, cancellation);
        SweepPlanReport.Print(SweepPlanner.Plan(settings, location.Md5 ?? location.Path, ""), deviceNames, settings.SlotsPerDevice, throughput, output);
        return 0;
    }
}
