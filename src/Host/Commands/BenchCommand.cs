using System.CommandLine;
using ActorPipeline.Ml.Data;
using ActorPipeline.Ml.Devices;
using ActorPipeline.Ml.Models;
using ActorPipeline.Ml.Training;

namespace ActorPipeline.Host.Commands;

/// <summary>`bench`: training throughput (images/s) of each Table 2 architecture on one device.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var device = new Option<string>("--device") { Description = "cpu, cuda, cuda:N", DefaultValueFactory = _ => "cpu" };
        var problems = new Option<string>("--problems") { Description = "Comma-separated problems whose architectures are measured.", DefaultValueFactory = _ => "cifar2,cifar4,cifar6,cifar8,cifar10" };
        var batches = new Option<int>("--batches") { Description = "Timed batches per architecture (after 3 warm-up batches).", DefaultValueFactory = _ => 20 };
        var batchSize = new Option<int>("--batch-size") { DefaultValueFactory = _ => 128 };
        var noAugment = new Option<bool>("--no-augment") { Description = "Measure without on-device augmentation." };
        var tf32 = new Option<bool>("--tf32") { Description = "CUDA only: TensorFloat-32 matmuls and convolutions (torch.backends.*.allow_tf32). No effect on the CPU." };
        var channelsLast = new Option<bool>("--channels-last") { Description = "CUDA only: channels-last (NHWC-strided) input batches. No effect on the CPU." };
        var command = new Command("bench", "Print training throughput (images/s) per architecture on the current device.")
        {
            device, problems, batches, batchSize, noAugment, tf32, channelsLast,
        };
        command.SetAction(parse =>
        {
            var target = ComputeDevices.ParseOne(parse.GetValue(device)!);
            var augmenter = parse.GetValue(noAugment) ? null : new BatchAugmentation();
            var performance = new GpuPerformance(parse.GetValue(tf32), parse.GetValue(channelsLast));
            var gpuSettings = target.type == TorchSharp.DeviceType.CUDA ? $", {performance.Describe()}" : "";
            Console.WriteLine($"Training throughput on {ComputeDevices.Describe(target)} (libtorch {TorchSharp.torch.__version__}, {TorchSharp.torch.get_num_threads()} threads, batch {parse.GetValue(batchSize)}, augmentation {(augmenter is null ? "off" : "on")}{gpuSettings})");
            Console.WriteLine($"{"problem",-9} {"architecture",-75} {"params",10} {"images/s",10} {"ms/batch",9}");
            foreach (var problem in parse.GetValue(problems)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var spec = PaperArchitectures.For(problem);
                var classes = int.Parse(problem.ToLowerInvariant().Replace("cifar", ""));
                var result = ThroughputBenchmark.Measure(problem, spec, classes, target, augmenter, parse.GetValue(batchSize), parse.GetValue(batches), performance: performance);
                Console.WriteLine($"{problem,-9} {spec,-75} {result.Parameters,10:N0} {result.ImagesPerSecond,10:F0} {result.MillisecondsPerBatch,9:F1}");
            }
            return 0;
        });
        command.Subcommands.Add(BenchCoordinatorCommand.Create());
        command.Subcommands.Add(BenchMemoryCommand.Create());
        return command;
    }
}
