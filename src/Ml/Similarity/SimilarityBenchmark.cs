using ActorPipeline.Ml.Devices;
using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

namespace ActorPipeline.Ml.Similarity;

/// <summary>
/// bench-similarity's two contestants on the same seeded synthetic activations, generated a batch of images at a time:
/// the streaming engine (<see cref="CovarianceAccumulator"/> + <see cref="SimilarityEngine"/>) and the in-memory
/// approach of google/svcca (materialize the (n·h·w) × c matrices in float64, centre, SVD each, keep 99% of the
/// variance, CCA of the kept subspaces). Only SVCCA is computed, by both; data generation is not timed.
/// </summary>
public static class SimilarityBenchmark
{
    public sealed record Measurement(double Seconds, double Svcca, int KeptA, int KeptB, long DataBytes);

    public static Measurement Streaming(SimilarityBenchmarkCase benchCase, long inputs, long batchSize, long seed, Device device)
    {
        var clock = new Stopwatch();
        using var accumulator = new CovarianceAccumulator(benchCase.Channels, benchCase.Channels, device);
        using (var generator = new ActivationGenerator(benchCase, seed, device))
        {
            for (long start = 0; start < inputs; start += batchSize)
            {
                using var scope = NewDisposeScope();
                var (a, b) = generator.Batch(start / batchSize, Math.Min(batchSize, inputs - start));
                ComputeDevices.Synchronize(device);
                clock.Start();
                accumulator.Add(a, b);
                ComputeDevices.Synchronize(device);
                clock.Stop();
            }
        }
        clock.Start();
        var result = SimilarityEngine.Compute(accumulator.ToCovariance(), new SimilarityOptions { Metrics = [SimilarityMetric.Svcca] });
        clock.Stop();
        return new Measurement(clock.Elapsed.TotalSeconds, result.Svcca!.Value, result.SvccaKeptA!.Value, result.SvccaKeptB!.Value,
            (2L * benchCase.Channels * (2 * benchCase.Channels + 1)) * sizeof(double)); // co-moment matrix and means
    }

    public static Measurement InMemory(SimilarityBenchmarkCase benchCase, long inputs, long batchSize, long seed, Device device, double varianceFraction = 0.99)
    {
        var clock = new Stopwatch();
        long rows = inputs * benchCase.PositionsPerInput;
        using var scope = NewDisposeScope();
        var a = empty(rows, benchCase.Channels, dtype: ScalarType.Float64, device: device);
        var b = empty(rows, benchCase.Channels, dtype: ScalarType.Float64, device: device);
        using (var generator = new ActivationGenerator(benchCase, seed, device))
        {
            for (long start = 0; start < inputs; start += batchSize)
            {
                using var batchScope = NewDisposeScope();
                long length = Math.Min(batchSize, inputs - start);
                var (batchA, batchB) = generator.Batch(start / batchSize, length);
                ComputeDevices.Synchronize(device);
                clock.Start();
                long first = start * benchCase.PositionsPerInput, count = length * benchCase.PositionsPerInput;
                a.narrow(0, first, count).copy_(ActivationLayout.AsRows(batchA, "A"));
                b.narrow(0, first, count).copy_(ActivationLayout.AsRows(batchB, "B"));
                ComputeDevices.Synchronize(device);
                clock.Stop();
            }
        }
        clock.Start();
        var (basisA, keptA) = PrincipalBasis(a, varianceFraction);
        var (basisB, keptB) = PrincipalBasis(b, varianceFraction);
        // with orthonormal bases of the kept subspaces, the canonical correlations are the singular values of UaᵀUb
        var correlations = linalg.svdvals(basisA.t().mm(basisB)).clamp(0.0, 1.0);
        double svcca = correlations.mean().item<double>();
        clock.Stop();
        return new Measurement(clock.Elapsed.TotalSeconds, svcca, keptA, keptB, 2 * rows * benchCase.Channels * sizeof(double));
    }

    /// <summary>Centres <paramref name="data"/> in place, SVDs it and returns the leading left singular vectors carrying the variance fraction.</summary>
    private static (Tensor Basis, int Kept) PrincipalBasis(Tensor data, double varianceFraction)
    {
        data.sub_(data.mean([0], keepdim: true));
        var (u, s, _) = linalg.svd(data, fullMatrices: false);
        var variances = s.square().cpu().data<double>().ToArray();
        double total = variances.Sum(), running = 0;
        int kept = variances.Length;
        for (int k = 1; k <= variances.Length; k++)
        {
            running += variances[k - 1];
            if (running >= varianceFraction * total) { kept = k; break; }
        }
        data.Dispose(); // as the google approach would drop its copy, to keep the peak honest
        return (u.narrow(1, 0, kept), kept);
    }
}
