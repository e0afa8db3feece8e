using System.CommandLine;
using System.Globalization;
using ActorPipeline.Host.Cli;
using ActorPipeline.Ml.Data;
using ActorPipeline.Ml.Devices;
using ActorPipeline.Ml.Experiments;
using ActorPipeline.Ml.Training;
using ActorPipeline.Host.Configuration;
using ActorPipeline.Host.Planning;

namespace ActorPipeline.Host.Commands;

/// <summary>
/// `bench`: training throughput (images/s) of each problem's network on one device, measured on the step `train` runs,
/// from the first batch on: the warm-up (batches until the batch times settle) apart from the steady state.
/// </summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var device = new Option<string>("--device") { Description = "cpu, cuda, cuda:N", DefaultValueFactory = _ => "cpu" };
        var problems = new Option<string>("--problems") { Description = "Comma-separated problems whose training is measured.", DefaultValueFactory = _ => "cifar2,cifar4,cifar6,cifar8,cifar10" };
        var batches = new Option<int>("--batches") { Description = "Batches timed once the batch times have settled (the steady state).", DefaultValueFactory = _ => 40 };
        var maxBatches = new Option<int>("--max-batches") { Description = "Stop after this many batches even if the times never settle.", DefaultValueFactory = _ => 400 };
        var window = new Option<int>("--window") { Description = "Steady state: rolling median over this many batches …", DefaultValueFactory = _ => 10 };
        var tolerance = new Option<double>("--tolerance") { Description = "… within this fraction of the last window's median.", DefaultValueFactory = _ => 0.10 };
        var batchSize = new Option<int?>("--batch-size") { Description = $"Mini-batch size (default {PaperProtocol.BatchSize}, the plan's)." };
        var noAugment = new Option<bool>("--no-augment") { Description = "Measure without on-device augmentation." };
        var data = Cifar10Loading.DataOption();
        data.Description = "Train on this CIFAR-10 copy's split of each problem (default: seeded random images of the split's size).";
        var trainLimit = new Option<int?>("--train-limit") { Description = "Images per epoch (stratified with --data), as train's --train-limit; default: the problem's whole training split." };
        var threads = new Option<int?>("--threads") { Description = "CPU threads for libtorch (torch.set_num_threads; default: libtorch's)." };
        var batchLog = new Option<string?>("--batch-log") { Description = "Write every batch's time to this CSV (problem,batch,images,seconds,minor_page_faults: pages first touched during the batch)." };
        var tf32 = new Option<bool>("--tf32") { Description = "CUDA only: TensorFloat-32 matmuls and convolutions (torch.backends.*.allow_tf32). No effect on the CPU." };
        var channelsLast = new Option<bool>("--channels-last") { Description = "CUDA only: channels-last (NHWC-strided) input batches. No effect on the CPU." };
        var command = new Command("bench", "Training throughput (images/s) per problem on one device: warm-up and steady state of the real training step.")
        {
            device, problems, batches, maxBatches, window, tolerance, batchSize, noAugment, data, trainLimit, threads, batchLog, tf32, channelsLast,
        };
        command.SetAction((parse, cancellation) => CliErrors.RunAsync(async () =>
        {
            var target = ComputeDevices.ParseOne(parse.GetValue(device)!);
            if (parse.GetValue(threads) is { } threadCount)
            {
                if (threadCount < 1) throw new ArgumentException($"--threads {threadCount}: at least 1.");
                TorchSharp.torch.set_num_threads(threadCount);
            }
            var benchmark = new ThroughputBenchmarkOptions
            {
                Rule = new SteadyStateRule(parse.GetValue(window), parse.GetValue(tolerance)),
                SteadyBatches = parse.GetValue(batches),
                MaxBatches = parse.GetValue(maxBatches),
            };
            benchmark.Validate();
            var performance = new GpuPerformance(parse.GetValue(tf32), parse.GetValue(channelsLast));
            var config = new SweepConfig { Problems = ParseProblems(parse.GetValue(problems)!), Augment = !parse.GetValue(noAugment), TrainLimit = parse.GetValue(trainLimit) };
            if (parse.GetValue(batchSize) is { } size) config.BatchSize = size;
            config.Validate();

            Cifar10Dataset? dataset = null;
            string dataName = "synthetic";
            if (parse.GetValue(data) is { } dataPath)
            {
                (var location, dataset) = await Cifar10Loading.LoadAsync(dataPath, allowDownload: false, cancellation);
                dataName = location.Path;
            }
            var plan = SweepPlanner.Plan(config, dataName, "");
            using var log = parse.GetValue(batchLog) is { } logPath ? new StreamWriter(logPath) : null;
            log?.WriteLine("problem,batch,images,seconds,minor_page_faults");

            var gpuSettings = target.type == TorchSharp.DeviceType.CUDA ? $", {performance.Describe()}" : "";
            Console.WriteLine($"Training throughput of the training step on {ComputeDevices.Describe(target)} (libtorch {TorchSharp.torch.__version__}, {TorchSharp.torch.get_num_threads()} threads, " +
                              $"batch {config.BatchSize}, augmentation {(config.Augment ? "on" : "off")}, {(dataset is null ? "synthetic images" : "CIFAR-10")}{gpuSettings})");
            Console.WriteLine($"steady state: every {benchmark.Rule.Window}-batch rolling median within {benchmark.Rule.Tolerance:P0} of the last one's; then {benchmark.SteadyBatches} batches timed (at most {benchmark.MaxBatches} in all)");
            Console.WriteLine(BenchTable.Header);
            var busy = new List<string>();
            foreach (var problem in plan.Problems)
            {
                using var train = dataset is null
                    ? new DeviceDataset(RandomImages.Create(checked((int)SweepCostEstimate.Of(problem).TrainImagesPerEpoch), Problems.Get(problem.Problem).ClassCount), target)
                    : new DeviceDataset(problem.Data(dataset).Train, target);
                long? faults = PageFaults.MinorSoFar();
                var result = PlanThroughput.Measure(problem, train, benchmark, performance, (index, images, seconds) =>
                {
                    if (log is null) return;
                    long? now = PageFaults.MinorSoFar();
                    log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{problem.Key},{index},{images},{seconds:F6},{now - faults}"));
                    faults = now;
                });
                Console.WriteLine(BenchTable.Row(result, train.Count));
                if (target.type == TorchSharp.DeviceType.CPU && result.Contention is { Busy: true } contention)
                    busy.Add($"{problem.Key}: {contention.Describe()}");
                cancellation.ThrowIfCancellationRequested();
            }
            foreach (var line in busy) Console.WriteLine($"warning: the machine was busy while measuring {line}; its rates are low");
            return 0;
        }));
        command.Subcommands.Add(BenchCoordinatorCommand.Create());
        command.Subcommands.Add(BenchMemoryCommand.Create());
        command.Subcommands.Add(BenchIdCommand.Create());
        return command;
    }

    private static List<string> ParseProblems(string list) =>
        list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(p => p.ToLowerInvariant()).ToList();
}
