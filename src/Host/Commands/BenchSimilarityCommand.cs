using System.CommandLine;
using System.Globalization;
using ActorPipeline.Host.Bench;
using ActorPipeline.Host.Cli;
using ActorPipeline.Ml.Devices;
using ActorPipeline.Ml.Similarity;

namespace ActorPipeline.Host.Commands;

/// <summary>
/// `bench-similarity`: time and peak memory of the streaming similarity engine vs the in-memory SVD approach.
/// Each (case, engine) runs in a child process of this executable, so its peak resident memory (VmHWM, which
/// cannot be reset within a process) is its own: peak minus the child's resident memory just before the run.
/// </summary>
internal static class BenchSimilarityCommand
{
    public static Command Create()
    {
        var device = new Option<string>("--device") { Description = "cpu, cuda, cuda:N", DefaultValueFactory = _ => "cpu" };
        var inputs = new Option<long>("--n") { Description = "Input images per case.", DefaultValueFactory = _ => 5000 };
        var cases = new Option<string>("--cases") { Description = "Comma-separated: fc (n×1024), conv32 (n×64×32×32), conv8 (n×256×8×8).", DefaultValueFactory = _ => "fc,conv32,conv8" };
        var batch = new Option<long>("--batch") { Description = "Images generated (and streamed) per batch; default 250, the sweep's default probe batch.", DefaultValueFactory = _ => 250 };
        var seed = new Option<long>("--seed") { DefaultValueFactory = _ => 0 };
        var skipInMemory = new Option<bool>("--skip-in-memory") { Description = "Measure only the streaming engine (the in-memory one needs ~5× the float64 data matrix)." };
        var skipAlgebra = new Option<bool>("--skip-algebra") { Description = "Skip timing the c×c algebra in torch.linalg vs MathNet." };
        var child = new Option<string?>("--child") { Description = "Internal: run one case:engine in this process and print its result.", Hidden = true };
        var command = new Command("bench-similarity", "Print time and peak memory of the streaming similarity engine vs an in-memory SVD implementation.")
        {
            device, inputs, cases, batch, seed, skipInMemory, skipAlgebra, child,
        };
        command.SetAction(parse => CliErrors.RunAsync(() =>
        {
            var target = ComputeDevices.ParseOne(parse.GetValue(device)!);
            long n = parse.GetValue(inputs), batchSize = parse.GetValue(batch);
            if (n < 2 || batchSize < 1) throw new ArgumentException("--n must be at least 2 and --batch at least 1.");
            if (parse.GetValue(child) is { } childSpec)
                return Task.FromResult(RunChild(childSpec, n, batchSize, parse.GetValue(seed), target));

            var selected = parse.GetValue(cases)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(SimilarityBenchmarkCase.Get).ToList();
            Console.WriteLine($"Similarity engines on {ComputeDevices.Describe(target)} (libtorch {TorchSharp.torch.__version__}, {TorchSharp.torch.get_num_threads()} threads), n = {n} images, batches of {batchSize}, seed {parse.GetValue(seed)}; SVCCA (99% variance) only.");
            Console.WriteLine("time: similarity work only (batch accumulation or copy into the big matrix, then the algebra), not data generation.");
            Console.WriteLine("peak memory: each run in its own child process; VmHWM (peak resident set) at the end minus VmRSS just before the run.");
            Console.WriteLine($"{"case",-7} {"layer shape",-22} {"engine",-10} {"time s",8} {"peak MiB",9} {"state/data MiB",15} {"svcca",8} {"kept",9}");
            foreach (var benchCase in selected)
            {
                var streaming = RunInChild(benchCase, "streaming", parse, n);
                Print(benchCase, n, "streaming", streaming);
                ChildResult? inMemory = null;
                long needed = 5 * n * benchCase.PositionsPerInput * benchCase.Channels * sizeof(double);
                if (parse.GetValue(skipInMemory))
                    Console.WriteLine($"{benchCase.Name,-7} {benchCase.Describe(n),-22} {"in-memory",-10} skipped (--skip-in-memory)");
                else if (ChildProcessBench.AvailableMemoryBytes() is { } available && available < needed)
                    Console.WriteLine($"{benchCase.Name,-7} {benchCase.Describe(n),-22} {"in-memory",-10} skipped: needs ~{needed >> 20:N0} MiB, {available >> 20:N0} MiB available");
                else
                {
                    inMemory = RunInChild(benchCase, "in-memory", parse, n);
                    Print(benchCase, n, "in-memory", inMemory);
                }
                if (streaming is not null && inMemory is not null)
                    Console.WriteLine($"{"",-7} {"",-22} {"ratio",-10} {inMemory.Seconds / streaming.Seconds,7:F1}× {(double)inMemory.PeakBytes / Math.Max(streaming.PeakBytes, 1),8:F1}×   (in-memory / streaming; |Δsvcca| = {Math.Abs(inMemory.Svcca - streaming.Svcca):E1})");
            }

            if (!parse.GetValue(skipAlgebra))
            {
                Console.WriteLine();
                Console.WriteLine("Final c×c algebra (2 symmetric eigendecompositions + 1 SVD, float64, CPU): torch.linalg vs MathNet (managed provider)");
                Console.WriteLine($"{"c",6} {"torch s",9} {"MathNet s",10}");
                foreach (var size in new[] { 64, 256, 1024 })
                {
                    var timing = AlgebraBackendBenchmark.Measure(size);
                    Console.WriteLine($"{size,6} {timing.TorchSeconds,9:F3} {timing.MathNetSeconds,10:F3}");
                }
            }
            return Task.FromResult(0);
        }));
        return command;
    }

    private sealed record ChildResult(double Seconds, long PeakBytes, long DataBytes, double Svcca, int KeptA, int KeptB);

    private static void Print(SimilarityBenchmarkCase benchCase, long n, string engine, ChildResult? result)
    {
        if (result is null)
        {
            Console.WriteLine($"{benchCase.Name,-7} {benchCase.Describe(n),-22} {engine,-10} failed (see the child's error above)");
            return;
        }
        Console.WriteLine($"{benchCase.Name,-7} {benchCase.Describe(n),-22} {engine,-10} {result.Seconds,8:F2} {result.PeakBytes / 1048576.0,9:F0} {result.DataBytes / 1048576.0,15:F1} {result.Svcca,8:F5} {result.KeptA,4}/{result.KeptB,-4}");
    }

    private static ChildResult? RunInChild(SimilarityBenchmarkCase benchCase, string engine, System.CommandLine.ParseResult parse, long n) =>
        ChildProcessBench.Run<ChildResult>(
        [
            "bench-similarity", "--child", $"{benchCase.Name}:{engine}", "--n", n.ToString(CultureInfo.InvariantCulture),
            "--batch", parse.GetValue<long>("--batch").ToString(CultureInfo.InvariantCulture),
            "--seed", parse.GetValue<long>("--seed").ToString(CultureInfo.InvariantCulture), "--device", parse.GetValue<string>("--device")!,
        ]);

    private static int RunChild(string spec, long n, long batchSize, long seed, TorchSharp.torch.Device device)
    {
        var parts = spec.Split(':');
        var benchCase = SimilarityBenchmarkCase.Get(parts[0]);
        bool streaming = parts.Length == 2 && parts[1] == "streaming";
        if (!streaming && (parts.Length != 2 || parts[1] != "in-memory")) throw new ArgumentException($"Bad --child \"{spec}\".");

        // warm up libtorch, LAPACK and the JIT on a tiny run so that neither their code nor their first-call allocations count
        _ = streaming ? SimilarityBenchmark.Streaming(benchCase, 4, 2, seed + 1, device) : SimilarityBenchmark.InMemory(benchCase, 4, 2, seed + 1, device);
        GC.Collect();
        long baseline = ChildProcessBench.ProcStatus("VmRSS");
        var measurement = streaming
            ? SimilarityBenchmark.Streaming(benchCase, n, batchSize, seed, device)
            : SimilarityBenchmark.InMemory(benchCase, n, batchSize, seed, device);
        long peak = ChildProcessBench.ProcStatus("VmHWM") - baseline;
        ChildProcessBench.Report(new ChildResult(measurement.Seconds, peak, measurement.DataBytes, measurement.Svcca, measurement.KeptA, measurement.KeptB));
        return 0;
    }
}
