using ActorPipeline.Ml.Similarity;
using MathNet.Numerics.LinearAlgebra;
using ActorPipeline.Tests.Support;

namespace ActorPipeline.Tests.Similarity;

/// <summary>
/// A layer with no varying neuron (a collapsed pruned layer) is a result: every metric asked for is undefined with
/// its reason (DEFINITIONS.md, "Degenerate layers"), and a layer with one varying neuron still has every value.
/// Fresh seeds each run, printed, so a failure can be replayed.
/// </summary>
public sealed class DegenerateLayerTests
{
    private const int FreshSeedCount = 4;

    [Fact]
    public void Every_metric_asked_for_is_undefined_with_the_reason_when_a_layer_has_no_varying_neuron()
    {
        FreshSeeds.Run(FreshSeedCount, seed =>
        {
            var random = new Random(seed);
            int n = 60 + random.Next(200), p = 2 + random.Next(10), q = 2 + random.Next(10);
            var (a, b) = SimilarityData.Related(seed, n, p, q);
            // which layer collapses: A, B or both; constants are arbitrary (a dead ReLU's 0, batch norm's shift)
            int which = random.Next(3);
            if (which != 1) a = Constant(random, n, p);
            if (which != 0) b = Constant(random, n, q);
            var metrics = RandomMetrics(random);

            var result = SimilarityData.Engine(a, b, new SimilarityOptions { Metrics = metrics });

            string context = $"seed {seed}: n {n}, p {p}, q {q}, collapsed {(which == 0 ? "A" : which == 1 ? "B" : "A and B")}, metrics {string.Join(",", metrics.Select(SimilarityMetrics.Name))}";
            Assert.True(result.Values().Count == 0, context + ": no value may be defined");
            Assert.True(SimilarityMetrics.ResultNamesOf(metrics).SequenceEqual(result.Undefined.Keys), context + $": undefined {string.Join(",", result.Undefined.Keys)}");
            foreach (var reason in result.Undefined.Values)
            {
                Assert.True(reason.Contains($"over the {n} datapoints"), context + ": " + reason);
                Assert.True(reason.Contains($"layer A has no varying neuron (all {p} constant)") == (which != 1), context + ": " + reason);
                Assert.True(reason.Contains($"layer B has no varying neuron (all {q} constant)") == (which != 0), context + ": " + reason);
            }
            Assert.True((result.Svcca, result.SvccaGoogleMean, result.Cca, result.Pwcca, result.Cka, result.Nbs) == (null, null, null, null, null, null), context);
            Assert.Equal(which != 1 ? p : 0, result.ConstantNeuronsA);
            Assert.Equal(which != 0 ? q : 0, result.ConstantNeuronsB);
        });
    }

    [Fact]
    public void One_varying_neuron_is_enough_every_metric_is_defined_and_matches_the_reference()
    {
        FreshSeeds.Run(FreshSeedCount, seed =>
        {
            var random = new Random(seed);
            int n = 200 + random.Next(200), p = 4 + random.Next(8), q = 3 + random.Next(8);
            var (a, full) = SimilarityData.Related(seed, n, p, q);
            // layer B: every neuron constant but one
            int varying = random.Next(q);
            var b = Constant(random, n, q);
            b.SetColumn(varying, full.Column(varying));
            string context = $"seed {seed}: n {n}, p {p}, q {q}, varying neuron {varying}";

            var result = SimilarityData.Engine(a, b);
            var reference = ReferenceSimilarity.Compute(a, b);

            Assert.True(result.Undefined.Count == 0, context + ": " + string.Join("; ", result.Undefined));
            Assert.Equal(SimilarityMetrics.ResultNames, result.Values().Keys);
            Assert.True(result.Values().Values.All(double.IsFinite), context);
            Assert.Equal(q - 1, result.ConstantNeuronsB);
            // one neuron in B: one canonical correlation, the multiple correlation of that neuron on A
            Assert.Single(result.CcaCorrelations!);
            Assert.True(Math.Abs(reference.Cca[0] - result.Cca!.Value) < 1e-8, $"{context}: cca {result.Cca} vs reference {reference.Cca[0]}");
            Assert.True(Math.Abs(reference.Cka - result.Cka!.Value) < 1e-8, $"{context}: cka {result.Cka} vs reference {reference.Cka}");
            Assert.True(Math.Abs(reference.Nbs - result.Nbs!.Value) < 1e-8, $"{context}: nbs {result.Nbs} vs reference {reference.Nbs}");
            Assert.True(Math.Abs(reference.Pwcca - result.Pwcca!.Value) < 1e-8, $"{context}: pwcca {result.Pwcca} vs reference {reference.Pwcca}");
        });
    }

    [Fact]
    public void The_float64_reference_on_the_raw_data_agrees_on_which_layer_pairs_are_degenerate()
    {
        FreshSeeds.Run(FreshSeedCount, seed =>
        {
            var random = new Random(seed);
            for (int pair = 0; pair < 8; pair++)
            {
                int n = 30 + random.Next(100), p = 1 + random.Next(6), q = 1 + random.Next(6);
                var (a, b) = SimilarityData.Related(seed * 31 + pair, n, p, q);
                // columns made constant at random: some layers keep one varying column, some none
                a = WithConstantColumns(random, a);
                b = WithConstantColumns(random, b);
                var (collapsedA, collapsedB) = ReferenceSimilarity.Collapsed(a, b);

                var result = SimilarityData.Engine(a, b);

                string context = $"seed {seed}, pair {pair}: n {n}, p {p}, q {q}, reference collapsed A {collapsedA}, B {collapsedB}";
                Assert.True((collapsedA || collapsedB) == (result.Undefined.Count > 0), context + $": engine undefined {result.Undefined.Count}");
                Assert.True((collapsedA || collapsedB) == (result.Values().Count == 0), context);
                if (collapsedA || collapsedB)
                {
                    var reason = result.Undefined.Values.First();
                    Assert.True(reason.Contains("layer A has no varying neuron") == collapsedA, context + ": " + reason);
                    Assert.True(reason.Contains("layer B has no varying neuron") == collapsedB, context + ": " + reason);
                }
            }
        });
    }

    [Fact]
    public void The_requested_values_are_listed_in_column_order_with_googles_mean_beside_svcca()
    {
        Assert.Equal(["svcca", "svcca_google_mean", "cka"], SimilarityMetrics.ResultNamesOf([SimilarityMetric.Cka, SimilarityMetric.Svcca]));
        Assert.Equal(["pwcca"], SimilarityMetrics.ResultNamesOf([SimilarityMetric.Pwcca]));
        Assert.Equal(SimilarityMetrics.ResultNames, SimilarityMetrics.ResultNamesOf(SimilarityMetrics.All));
    }


    /// <summary>Every column one value: 0 (a dead ReLU) or an arbitrary float32 constant (a pruned conv's batch-norm shift).</summary>
    private static Matrix<double> Constant(Random random, int n, int columns)
    {
        var values = Enumerable.Range(0, columns).Select(_ => random.Next(3) == 0 ? 0.0 : (double)(float)(SimilarityData.Normal(random) * 3)).ToArray();
        return Matrix<double>.Build.Dense(n, columns, (_, j) => values[j]);
    }

    private static Matrix<double> WithConstantColumns(Random random, Matrix<double> x)
    {
        var copy = x.Clone();
        int keep = random.Next(3) == 0 ? 0 : random.Next(1, x.ColumnCount + 1); // a third of the layers collapse
        var constant = Constant(random, x.RowCount, x.ColumnCount);
        foreach (int j in Enumerable.Range(0, x.ColumnCount).OrderBy(_ => random.Next()).Skip(keep))
            copy.SetColumn(j, constant.Column(j));
        return copy;
    }

    private static IReadOnlyList<SimilarityMetric> RandomMetrics(Random random)
    {
        var chosen = SimilarityMetrics.All.Where(_ => random.Next(2) == 0).ToList();
        return chosen.Count > 0 ? chosen : [SimilarityMetrics.All[random.Next(SimilarityMetrics.All.Count)]];
    }
}
