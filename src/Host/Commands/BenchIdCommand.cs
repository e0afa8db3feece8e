using System.CommandLine;
using System.Globalization;
using ActorPipeline.Host.Bench;
using ActorPipeline.Host.Cli;
using ActorPipeline.Ml.Devices;
using ActorPipeline.Ml.IntrinsicDimension;

namespace ActorPipeline.Host.Commands;

/// <summary>
/// `bench id`: time and peak memory of the TwoNN estimate per layer size (n points × d features), the blocked Gram search on
/// the device against the plain managed O(n² · d) search. Each (size, path) runs in its own child process, its peak the
/// rise of the resident set's high-water mark over the run (reset after the layer is generated, which is not counted).
/// </summary>
internal static class BenchIdCommand
{
    private const string Blocked = "blocked";
    private const string Plain = "plain";

    public static Command Create()
    {
        var sizes = new Option<string>("--sizes")
        {
            Description = "Comma-separated layer sizes n×d (points × features): 5000x16384 is the paper's probe set through a 16×32×32 conv layer.",
            DefaultValueFactory = _ => "1000x1024,5000x1024,5000x4096,5000x16384",
        };
        var device = new Option<string>("--device") { Description = "cpu, cuda, cuda:N: where the blocked search runs (the plain one runs on the CPU).", DefaultValueFactory = _ => "cpu" };
        var blockMib = new Option<int>("--block-mib") { Description = "Working memory of the blocked search, MiB.", DefaultValueFactory = _ => (int)(new TwoNnOptions().BlockBytes >> 20) };
        var plainMax = new Option<long>("--plain-max")
        {
            Description = "Run the plain search only on layers of at most this many values n·d (it grows as n²·d: ~6 min at 5000×16384 on 2 busy cores); 0: never.",
            DefaultValueFactory = _ => 5000 * 4096,
        };
        var seed = new Option<long>("--seed") { DefaultValueFactory = _ => 0 };
        var child = new Option<string?>("--child") { Description = "Internal: run one n×d:path in this process and print its result.", Hidden = true };
        var command = new Command("id", "Time and peak memory of the TwoNN intrinsic-dimension estimate per layer size: blocked Gram search on the device vs plain O(n²·d).")
        {
            sizes, device, blockMib, plainMax, seed, child,
        };
        command.SetAction(parse => CliErrors.RunAsync(() =>
        {
            var target = ComputeDevices.ParseOne(parse.GetValue(device)!);
            var options = new TwoNnOptions { BlockBytes = (long)parse.GetValue(blockMib) << 20 };
            options.Validate();
            if (parse.GetValue(child) is { } childSpec)
                return Task.FromResult(RunChild(childSpec, parse.GetValue(seed), target, options));

            var layers = ParseSizes(parse.GetValue(sizes)!);
            Console.WriteLine($"TwoNN on synthetic layers (float32 ReLU activations of a {TwoNnBenchmark.LatentDimension}-dimensional Gaussian code), seed {parse.GetValue(seed)}; " +
                              $"blocked: Gram products in float64 on {ComputeDevices.Describe(target)} (libtorch {TorchSharp.torch.__version__}, {TorchSharp.torch.get_num_threads()} threads), {parse.GetValue(blockMib)} MiB blocks; " +
                              $"plain: managed float64 Σ(x−y)², O(n²·d), {Environment.ProcessorCount} cores.");
            Console.WriteLine("time: the estimate (neighbour search and fit; the plain path's float64 copy included), not generating the layer.");
            Console.WriteLine("peak: each run in its own child process: the resident set's high-water mark over the run minus the resident set before it (the layer itself not counted).");
            Console.WriteLine($"{"n",6} {"d",7} {"layer MiB",9} {"path",-8} {"time s",8} {"peak MiB",9} {"ID",8}");
            foreach (var (n, d) in layers)
            {
                var blocked = ChildProcessBench.Run<ChildResult>(ChildArguments(parse, n, d, Blocked));
                Print(n, d, Blocked, blocked);
                ChildResult? plain = null;
                long needed = n * d * sizeof(double);
                if (n * d > parse.GetValue(plainMax))
                    Console.WriteLine($"{n,6} {d,7} {LayerMib(n, d),9:F0} {Plain,-8} skipped: {n * d:N0} values, above --plain-max {parse.GetValue(plainMax):N0}");
                else if (ChildProcessBench.AvailableMemoryBytes() is { } available && available < 2 * needed)
                    Console.WriteLine($"{n,6} {d,7} {LayerMib(n, d),9:F0} {Plain,-8} skipped: needs ~{2 * needed >> 20:N0} MiB, {available >> 20:N0} MiB available");
                else
                {
                    plain = ChildProcessBench.Run<ChildResult>(ChildArguments(parse, n, d, Plain));
                    Print(n, d, Plain, plain);
                }
                if (blocked is not null && plain is not null)
                    Console.WriteLine($"{"",6} {"",7} {"",9} {"ratio",-8} {plain.Seconds / blocked.Seconds,7:F1}× {(double)plain.PeakBytes / Math.Max(blocked.PeakBytes, 1),8:F1}×  (plain / blocked; |ΔID| = {Math.Abs((plain.Dimension ?? double.NaN) - (blocked.Dimension ?? double.NaN)):E1})");
            }
            return Task.FromResult(0);
        }));
        return command;
    }

    private sealed record ChildResult(double Seconds, long PeakBytes, double? Dimension);

    /// <summary>"1000x1024,5000x16384" → (1000, 1024), (5000, 16384).</summary>
    internal static IReadOnlyList<(long N, long D)> ParseSizes(string list)
    {
        var sizes = new List<(long, long)>();
        foreach (var item in list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = item.ToLowerInvariant().Split('x', '×');
            if (parts.Length != 2 || !long.TryParse(parts[0], CultureInfo.InvariantCulture, out long n) || !long.TryParse(parts[1], CultureInfo.InvariantCulture, out long d))
                throw new ArgumentException($"--sizes: '{item}' is not n×d, e.g. 5000x16384.");
            if (n < 3 || d < 1 || n > int.MaxValue || n * d > Array.MaxLength)
                throw new ArgumentException($"--sizes: {n}×{d} must have at least 3 points, at least 1 feature, and at most {Array.MaxLength:N0} values.");
            sizes.Add((n, d));
        }
        return sizes.Count > 0 ? sizes : throw new ArgumentException("--sizes: give at least one n×d.");
    }

    private static IEnumerable<string> ChildArguments(ParseResult parse, long n, long d, string path) =>
    [
        "bench", "id", "--child", $"{n}x{d}:{path}", "--seed", parse.GetValue<long>("--seed").ToString(CultureInfo.InvariantCulture),
        "--device", parse.GetValue<string>("--device")!, "--block-mib", parse.GetValue<int>("--block-mib").ToString(CultureInfo.InvariantCulture),
    ];

    private static void Print(long n, long d, string path, ChildResult? result)
    {
        if (result is null)
        {
            Console.WriteLine($"{n,6} {d,7} {LayerMib(n, d),9:F0} {path,-8} failed (see the child's error above)");
            return;
        }
        string dimension = result.Dimension is { } value ? value.ToString("F3", CultureInfo.InvariantCulture) : "undef.";
        Console.WriteLine($"{n,6} {d,7} {LayerMib(n, d),9:F0} {path,-8} {result.Seconds,8:F2} {result.PeakBytes / 1048576.0,9:F0} {dimension,8}");
    }

    private static double LayerMib(long n, long d) => n * d * sizeof(float) / 1048576.0;

    private static int RunChild(string spec, long seed, TorchSharp.torch.Device device, TwoNnOptions options)
    {
        var parts = spec.Split(':');
        if (parts.Length != 2 || parts[1] is not (Blocked or Plain)) throw new ArgumentException($"Bad --child \"{spec}\".");
        var (n, d) = ParseSizes(parts[0])[0];
        TwoNnBenchmark.Measurement Measure(TorchSharp.torch.Tensor layer) =>
            parts[1] == Blocked ? TwoNnBenchmark.Blocked(layer, options) : TwoNnBenchmark.Plain(layer, options.Fraction);

        // warm up libtorch, the thread pool and the JIT on a tiny layer, so that neither their code nor their first-call allocations count
        using (var tiny = TwoNnBenchmark.Layer(16, 8, seed + 1, device)) Measure(tiny);
        using var layer = TwoNnBenchmark.Layer(n, d, seed, device);
        GC.Collect();
        bool reset = ChildProcessBench.ResetPeak();
        long baseline = ChildProcessBench.ProcStatus("VmRSS");
        var measurement = Measure(layer);
        long peak = ChildProcessBench.ProcStatus("VmHWM") - baseline;
        if (!reset) Console.WriteLine("warning: the peak resident set could not be reset; generating the layer may count in the peak");
        ChildProcessBench.Report(new ChildResult(measurement.Seconds, peak, measurement.Dimension));
        return 0;
    }
}
