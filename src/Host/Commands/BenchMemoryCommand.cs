using System.CommandLine;
using System.Collections.Concurrent;
using System.Diagnostics;
using ActorPipeline.Host.Bench;
using ActorPipeline.Host.Cli;
using ActorPipeline.Ml.Memory;
using ActorPipeline.Actors.Bench;
using ActorPipeline.Host.Configuration;
using ActorPipeline.Host.Hosting;

using ActorPipeline.Host.UseCases;

namespace ActorPipeline.Host.Commands;

/// <summary>
/// `bench memory`: runs a real sweep (the `sweep` command's own path, quick profile plus the options given) and prints the
/// process's memory at every recorded step: resident, managed heap, native allocator (in use, freed but held, arenas),
/// live tensors, threads; then the peak and the resident trend after warm-up. This is where memory targets are met,
/// never in a timed test.
/// </summary>
internal static class BenchMemoryCommand
{
    public static Command Create()
    {
        var problem = new Option<string>("--problem") { Description = "The problem whose network is run.", DefaultValueFactory = _ => "cifar10" };
        var repetitions = new Option<int>("--repetitions") { DefaultValueFactory = _ => 2 };
        var iterations = new Option<int>("--iterations") { DefaultValueFactory = _ => 20 };
        var probeSize = new Option<int?>("--probe-size") { Description = "Probe images (quick profile: 100; the paper: 5000)." };
        var probeBatch = new Option<int?>("--probe-batch-size") { Description = "Probe batch (quick profile: 100; the paper: 250)." };
        var trainLimit = new Option<int?>("--train-limit") { Description = "Training images per problem (quick profile: 512)." };
        var devices = new Option<string>("--devices") { DefaultValueFactory = _ => "cpu" };
        var slots = new Option<int>("--slots-per-device") { DefaultValueFactory = _ => 1 };
        var warmup = new Option<int?>("--warmup-steps") { Description = "Steps left out of the trend (default: the dense training and the first quarter of the rest)." };
        var data = Cifar10Loading.DataOption();
        var output = new Option<string?>("--out") { Description = "Sweep folder to keep (default: a temporary folder, deleted afterwards)." };
        var csv = new Option<string?>("--csv") { Description = "Also write every sample to this CSV file." };
        var release = new Option<string>("--release-memory") { Description = "on (what a sweep does): collect the managed garbage between steps and trim native memory once it grew; off: to measure what that saves.", DefaultValueFactory = _ => "on" };
        var command = new Command("memory", "Run a real sweep and print the process's memory at every recorded step, its peak and its trend after warm-up.")
        {
            problem, repetitions, iterations, probeSize, probeBatch, trainLimit, devices, slots, warmup, data, output, csv, release,
        };
        command.SetAction((parse, cancellation) => CliErrors.RunAsync(async () =>
        {
            var settings = SweepProfiles.Get("quick");
            settings.Problems = [parse.GetValue(problem)!.ToLowerInvariant()];
            settings.Repetitions = parse.GetValue(repetitions);
            settings.Iterations = parse.GetValue(iterations);
            if (parse.GetValue(probeSize) is { } size) settings.ProbeSize = size;
            if (parse.GetValue(probeBatch) is { } batch) settings.ProbeBatchSize = batch;
            if (parse.GetValue(trainLimit) is { } limit) settings.TrainLimit = limit;
            settings.Devices = parse.GetValue(devices)!;
            settings.SlotsPerDevice = parse.GetValue(slots);
            settings.Data = parse.GetValue(data);
            string? keep = parse.GetValue(output);
            settings.Output = keep ?? Path.Combine(Path.GetTempPath(), $"actorpipeline-bench-memory-{Guid.NewGuid():N}");
            settings.Validate();
            FreedMemory.Enabled = parse.GetValue(release) switch
            {
                "on" => true,
                "off" => false,
                var other => throw new ArgumentException($"--release-memory must be on or off, not '{other}'."),
            };

            var samples = new ConcurrentQueue<MemorySample>();
            var clock = Stopwatch.StartNew();
            int exit;
            try
            {
                exit = await RunOrResumeSweep.RunAsync(new SweepRequest("quick", settings, AllowDownload: true)
                {
                    Observe = system => system.EventStream.Subscribe(system.ActorOf(MemorySampler.Props(samples, clock), "memory-sampler"), typeof(ActorPipeline.Actors.Progress.ProblemProgress)),
                }, Console.Out, cancellation);
            }
            finally
            {
                if (keep is null && Directory.Exists(settings.Output)) Directory.Delete(settings.Output, recursive: true);
            }
            var report = new MemoryBenchReport(samples.ToList(), parse.GetValue(warmup), settings.Repetitions);
            Console.WriteLine();
            Console.Write(report.Table());
            Console.Write(report.Summary());
            if (parse.GetValue(csv) is { } file) report.WriteCsv(file);
            return exit;
        }));
        return command;
    }
}
