using ActorPipeline.Ml.Similarity;
using ActorPipeline.Tests.Support;
using MathNet.Numerics.LinearAlgebra;

namespace ActorPipeline.Tests.Similarity;

public sealed class SimilarityEngineTests
{
    private const double Tolerance = 1e-8;

    public static TheoryData<int> FixedSeeds => [1, 2, 3];

    [Theory]
    [MemberData(nameof(FixedSeeds))]
    public void Matches_an_independent_in_memory_implementation_on_fixed_seeds(int seed) => CompareWithReference(seed);

    [Fact]
    public void Matches_an_independent_in_memory_implementation_on_fresh_seeds() => FreshSeeds.Run(3, CompareWithReference);

    private static void CompareWithReference(int seed)
    {
        var random = new Random(seed);
        int n = 300 + random.Next(200), p = 8 + random.Next(20), q = 8 + random.Next(20);
        var (a, b) = SimilarityData.Related(seed, n, p, q);
        var expected = ReferenceSimilarity.Compute(a, b);
        var actual = SimilarityData.Engine(a, b);
        string context = $"seed {seed}, n {n}, p {p}, q {q}";

        AssertClose(expected.Cca, actual.CcaCorrelations!, context + " cca");
        Assert.Equal(expected.KeptA, actual.SvccaKeptA);
        Assert.Equal(expected.KeptB, actual.SvccaKeptB);
        AssertClose(expected.Svcca, actual.SvccaCorrelations!, context + " svcca");
        AssertClose(expected.Svcca.Average(), actual.Svcca!.Value, context + " svcca mean");
        AssertClose(expected.Cca.Average(), actual.Cca!.Value, context + " cca mean");
        AssertClose(expected.Pwcca, actual.Pwcca!.Value, context + " pwcca");
        AssertClose(expected.Cka, actual.Cka!.Value, context + " cka");
        AssertClose(expected.Nbs, actual.Nbs!.Value, context + " nbs (kernel definition)");
        Assert.Empty(actual.Warnings);
    }

    [Fact]
    public void Recovers_known_canonical_correlations_of_a_shared_latent_with_known_noise()
    {
        // x_i = z_i + α_i e_i, y_i = z_i + β_i f_i: corr(x_i, y_i) = 1/√((1+α_i²)(1+β_i²)); then arbitrary invertible mixings.
        double[] alpha = [0.1, 0.5, 1.0, 2.0], beta = [0.2, 0.4, 1.0, 1.5];
        var expected = alpha.Zip(beta, (x, y) => 1 / Math.Sqrt((1 + x * x) * (1 + y * y))).OrderDescending().ToArray();
        var random = new Random(7);
        int n = 100_000;
        var z = SimilarityData.Gaussian(random, n, 4);
        var a = (z + SimilarityData.Gaussian(random, n, 4) * Matrix<double>.Build.DiagonalOfDiagonalArray(alpha)) * SimilarityData.Gaussian(random, 4, 4);
        var b = (z + SimilarityData.Gaussian(random, n, 4) * Matrix<double>.Build.DiagonalOfDiagonalArray(beta)) * SimilarityData.Gaussian(random, 4, 4);

        var result = SimilarityData.Engine(a, b, new SimilarityOptions { VarianceFraction = 1.0 });

        for (int i = 0; i < 4; i++)
            Assert.True(Math.Abs(expected[i] - result.CcaCorrelations![i]) < 0.01, $"ρ{i}: expected {expected[i]}, got {result.CcaCorrelations[i]}");
        Assert.Equal(result.CcaCorrelations, result.SvccaCorrelations); // keeping the whole spectrum, SVCCA is CCA
        Assert.Equal(expected.Average(), result.Cca!.Value, 2);
    }

    [Fact]
    public void A_layer_against_itself_or_an_invertible_transform_of_itself_is_identical()
    {
        var (a, _) = SimilarityData.Related(11, 400, 12, 5);
        var mixed = a * SimilarityData.Gaussian(new Random(3), 12, 12);
        var self = SimilarityData.Engine(a, a);
        Assert.All(self.CcaCorrelations!, r => Assert.Equal(1, r, 9));
        Assert.Equal(1, self.Cka!.Value, 12);
        Assert.Equal(1, self.Nbs!.Value, 9);
        Assert.Equal(1, self.Pwcca!.Value, 9);
        Assert.All(SimilarityData.Engine(a, mixed).CcaCorrelations!, r => Assert.Equal(1, r, 9));
    }

    [Fact]
    public void Orthogonal_rotation_isotropic_scaling_and_neuron_permutation_leave_the_metrics_unchanged()
    {
        var (a, b) = SimilarityData.Related(5, 500, 15, 10);
        var random = new Random(9);
        var rotatedB = b * SimilarityData.RandomOrthogonal(random, 10);
        var scaledA = a * 3.7;
        var permutation = Enumerable.Range(0, 15).OrderBy(_ => random.Next()).ToArray();
        var permutedA = Matrix<double>.Build.DenseOfColumnVectors(permutation.Select(a.Column));

        var baseline = SimilarityData.Engine(a, b);
        foreach (var (name, variant) in new[] { ("rotated B", SimilarityData.Engine(a, rotatedB)), ("scaled A", SimilarityData.Engine(scaledA, b)), ("permuted A", SimilarityData.Engine(permutedA, b)) })
        {
            AssertClose(baseline.CcaCorrelations!, variant.CcaCorrelations!, name);
            AssertClose(baseline.SvccaCorrelations!, variant.SvccaCorrelations!, name);
            foreach (var (metric, value) in baseline.Values())
                AssertClose(value, variant.Values()[metric], $"{name} {metric}");
        }
    }

    [Fact]
    public void Dead_and_constant_neurons_are_dropped_counted_and_change_nothing_else()
    {
        var (a, b) = SimilarityData.Related(21, 400, 10, 8);
        var withDead = a.Append(Matrix<double>.Build.Dense(400, 2)).Append(Matrix<double>.Build.Dense(400, 1, 0.3));
        var baseline = SimilarityData.Engine(a, b);
        var result = SimilarityData.Engine(withDead, b);

        Assert.Equal(3, result.ConstantNeuronsA);
        Assert.Equal(0, result.ConstantNeuronsB);
        Assert.Contains(result.Warnings, w => w.Contains("Layer A: dropped 3 constant neuron(s) of 13"));
        foreach (var (metric, value) in baseline.Values())
            AssertClose(value, result.Values()[metric], metric);
    }

    [Fact]
    public void Duplicated_columns_make_a_rank_deficient_layer_that_is_handled_exactly()
    {
        var (a, b) = SimilarityData.Related(22, 400, 10, 8);
        var duplicated = a.Append(a.SubMatrix(0, 400, 0, 3) * 2.0).Append(a.SubMatrix(0, 400, 4, 1) - a.SubMatrix(0, 400, 5, 1));
        var baseline = SimilarityData.Engine(a, b);
        var result = SimilarityData.Engine(duplicated, b);

        Assert.Equal(10, result.RankA);
        Assert.Contains(result.Warnings, w => w.Contains("numerical rank 10 of 14"));
        AssertClose(baseline.CcaCorrelations!, result.CcaCorrelations!, "cca");
        Assert.True(result.CcaCorrelations!.All(double.IsFinite));
        // duplicates change the spectrum, hence SVCCA's kept directions and PWCCA's neuron weights: compare those with the reference
        var reference = ReferenceSimilarity.Compute(duplicated, b);
        Assert.Equal(reference.KeptA, result.SvccaKeptA);
        AssertClose(reference.Svcca, result.SvccaCorrelations!, "svcca vs reference");
        AssertClose(reference.Pwcca, result.Pwcca!.Value, "pwcca vs reference");
    }

    [Fact]
    public void Fewer_datapoints_than_features_warns_or_throws_when_asked()
    {
        var (a, b) = SimilarityData.Related(23, 20, 15, 12);
        var result = SimilarityData.Engine(a, b);
        Assert.Contains(result.Warnings, w => w.Contains("Only 20 datapoints for 15 + 12 features"));
        var error = Assert.Throws<ActorPipeline.Ml.DeterministicFailureException>(() => SimilarityData.Engine(a, b, new SimilarityOptions { RequireMoreDatapointsThanFeatures = true }));
        Assert.Contains("Only 20 datapoints", error.Message);
    }

    [Fact]
    public void Svcca_reduction_rules_keep_the_documented_number_of_directions()
    {
        // eigenvalues 16, 4, 1 (+ tiny): variance fractions .762, .952, 1; singular values 4, 2, 1: .571, .857, 1
        var random = new Random(1);
        int n = 20_000;
        var white = SimilarityData.Gaussian(random, n, 3);
        var whiteQr = ReferenceSimilarity.CentreAndDropConstant(white).Centred.QR().Q * Math.Sqrt(n - 1); // centred, exactly uncorrelated
        var a = whiteQr * Matrix<double>.Build.DiagonalOfDiagonalArray([4.0, 2.0, 1.0]);
        var b = SimilarityData.Gaussian(random, n, 3);

        int Kept(SvccaReduction rule, double fraction, int dims = 20) =>
            SimilarityData.Engine(a, b, new SimilarityOptions { Rule = rule, VarianceFraction = fraction, SvccaDimensions = dims }).SvccaKeptA!.Value;

        Assert.Equal(2, Kept(SvccaReduction.EigenvalueFraction, 0.95));
        Assert.Equal(3, Kept(SvccaReduction.EigenvalueFraction, 0.99));
        Assert.Equal(2, Kept(SvccaReduction.SingularValueFraction, 0.85));
        Assert.Equal(3, Kept(SvccaReduction.SingularValueFraction, 0.9));
        Assert.Equal(1, Kept(SvccaReduction.AnatomeSingularValueFraction, 0.85));
        Assert.Equal(2, Kept(SvccaReduction.AnatomeSingularValueFraction, 0.9));
        Assert.Equal(2, Kept(SvccaReduction.FixedDimensions, 0.99, dims: 2));
        Assert.Equal(3, Kept(SvccaReduction.FixedDimensions, 0.99, dims: 50));
    }

    [Fact]
    public void Google_mean_averages_the_leading_correlations_reaching_the_threshold()
    {
        Assert.Equal(0.5, SimilarityEngine.GoogleMean([0.9, 0.5, 0.1, 0.0], 0.98), 12); // 0.9+0.5+0.1 ≥ 0.98·1.5
        Assert.Equal(0.7, SimilarityEngine.GoogleMean([0.9, 0.5, 0.1, 0.0], 0.9), 12);
        Assert.Equal(1.0, SimilarityEngine.GoogleMean([1.0, 1.0, 0.0], 0.98), 12);
    }

    [Fact]
    public void Only_the_requested_metrics_are_computed()
    {
        var (a, b) = SimilarityData.Related(2, 200, 5, 5);
        var result = SimilarityData.Engine(a, b, new SimilarityOptions { Metrics = SimilarityMetrics.Parse("cka, nbs") });
        Assert.Equal(["cka", "nbs"], result.Values().Keys.Order());
        Assert.Null(result.CcaCorrelations);
        Assert.Null(result.SvccaKeptA);
    }

    [Fact]
    public void Metric_names_parse_and_unknown_ones_are_a_clear_error()
    {
        Assert.Equal(SimilarityMetrics.All, SimilarityMetrics.Parse("svcca,cca,pwcca,cka,nbs"));
        Assert.Equal([SimilarityMetric.Cka, SimilarityMetric.Svcca], SimilarityMetrics.Parse("CKA, svcca,cka"));
        var error = Assert.Throws<ArgumentException>(() => SimilarityMetrics.Parse("svcca,rsa"));
        Assert.Contains("Unknown similarity metric \"rsa\"", error.Message);
        Assert.Contains("svcca,cca,pwcca,cka,nbs", error.Message);
    }

    internal static void AssertClose(double expected, double actual, string context, double tolerance = Tolerance) =>
        Assert.True(Math.Abs(expected - actual) <= tolerance * Math.Max(1, Math.Abs(expected)), $"{context}: expected {expected:R}, got {actual:R}");

    internal static void AssertClose(double[] expected, double[] actual, string context, double tolerance = Tolerance)
    {
        Assert.True(expected.Length == actual.Length, $"{context}: expected {expected.Length} values, got {actual.Length}");
        for (int i = 0; i < expected.Length; i++) AssertClose(expected[i], actual[i], $"{context}[{i}]", tolerance);
    }
}
