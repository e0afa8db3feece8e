using static TorchSharp.torch;

namespace ActorPipeline.Ml.Similarity;

/// <summary>
/// SVCCA, CCA, PWCCA, linear CKA and normalized Bures similarity from a <see cref="JointCovariance"/>, in
/// float64 with torch.linalg on the CPU (measured faster than MathNet's managed provider for large layers; see
/// bench-similarity). Each layer is whitened through a symmetric eigendecomposition of its covariance whose
/// eigenvalues below <see cref="SimilarityOptions.RankTolerance"/> × the largest are treated as zero, so rank
/// deficient layers (duplicated or dependent neurons) are handled exactly, without Google's epsilon ridge.
/// </summary>
public static class SimilarityEngine
{
    public static SimilarityResult Compute(JointCovariance covariance, SimilarityOptions options)
    {
        options.Validate();
        // the probe set is part of the plan: the same measurement fails the same way on every try
        if (covariance.Count < 2)
            throw new DeterministicFailureException($"Similarity needs at least 2 datapoints; the covariance has {covariance.Count}.");
        var warnings = new List<string>();
        int featuresA = covariance.FeaturesA, featuresB = covariance.FeaturesB;
        if (covariance.Count <= featuresA + featuresB)
        {
            var message = $"Only {covariance.Count} datapoints for {featuresA} + {featuresB} features: the covariance has rank at most {covariance.Count - 1}, "
                          + "so CCA-based metrics (svcca, cca, pwcca) overfit and tend to 1; use many more datapoints than features.";
            if (options.RequireMoreDatapointsThanFeatures) throw new DeterministicFailureException(message);
            warnings.Add(message);
        }

        using var scope = NewDisposeScope();
        var keptA = VaryingNeurons(covariance.CovAA, options.ConstantNeuronTolerance);
        var keptB = VaryingNeurons(covariance.CovBB, options.ConstantNeuronTolerance);
        int constantA = featuresA - keptA.Length, constantB = featuresB - keptB.Length;
        // A collapsed layer (e.g. every weight feeding it pruned) is a finding about the network, not a failure:
        // every metric divides by a quantity that is zero for it (see DEFINITIONS.md), so each is undefined.
        if (keptA.Length == 0 || keptB.Length == 0)
            return DegenerateLayer.Result(covariance, options.Metrics, constantA, constantB, warnings);
        if (constantA > 0) warnings.Add($"Layer A: dropped {constantA} constant neuron(s) of {featuresA} (zero variance: dead or pruned).");
        if (constantB > 0) warnings.Add($"Layer B: dropped {constantB} constant neuron(s) of {featuresB} (zero variance: dead or pruned).");

        var covAA = Select(covariance.CovAA, keptA, keptA);
        var covBB = Select(covariance.CovBB, keptB, keptB);
        var covAB = Select(covariance.CovAB, keptA, keptB);
        var spectrumA = Spectrum.Of(covAA, options.RankTolerance);
        var spectrumB = Spectrum.Of(covBB, options.RankTolerance);
        if (spectrumA.Rank < keptA.Length) warnings.Add($"Layer A: numerical rank {spectrumA.Rank} of {keptA.Length} varying neurons (linearly dependent neurons); CCA works in the {spectrumA.Rank}-dimensional range.");
        if (spectrumB.Rank < keptB.Length) warnings.Add($"Layer B: numerical rank {spectrumB.Rank} of {keptB.Length} varying neurons (linearly dependent neurons); CCA works in the {spectrumB.Rank}-dimensional range.");

        var metrics = options.Metrics;
        var result = new SimilarityResult
        {
            Count = covariance.Count,
            ConstantNeuronsA = constantA,
            ConstantNeuronsB = constantB,
            RankA = spectrumA.Rank,
            RankB = spectrumB.Rank,
        };

        if (metrics.Contains(SimilarityMetric.Svcca))
        {
            int kA = SvccaDimensions(spectrumA, options), kB = SvccaDimensions(spectrumB, options);
            var svcca = CanonicalCorrelations(spectrumA, kA, spectrumB, kB, covAB);
            var correlations = ToArray(svcca.Correlations);
            result = result with
            {
                Svcca = correlations.Average(),
                SvccaGoogleMean = GoogleMean(correlations, options.GoogleMeanThreshold),
                SvccaKeptA = kA,
                SvccaKeptB = kB,
                SvccaCorrelations = correlations,
            };
        }

        if (metrics.Contains(SimilarityMetric.Cca) || metrics.Contains(SimilarityMetric.Pwcca))
        {
            var cca = CanonicalCorrelations(spectrumA, spectrumA.Rank, spectrumB, spectrumB.Rank, covAB);
            var correlations = ToArray(cca.Correlations);
            if (metrics.Contains(SimilarityMetric.Cca))
                result = result with { Cca = correlations.Average(), CcaCorrelations = correlations };
            if (metrics.Contains(SimilarityMetric.Pwcca))
                result = result with { Pwcca = ProjectionWeightedMean(spectrumA, cca) };
        }

        if (metrics.Contains(SimilarityMetric.Cka))
        {
            // ‖Σab‖²_F / (‖Σaa‖_F ‖Σbb‖_F): HSIC of linear kernels on centred data, the 1/(n−1)² factors cancel.
            double cross = covAB.square().sum().item<double>();
            result = result with { Cka = cross / Math.Sqrt(covAA.square().sum().item<double>() * covBB.square().sum().item<double>()) };
        }

        if (metrics.Contains(SimilarityMetric.Nbs))
        {
            // Fidelity of the linear kernels K = XXᵀ, L = YYᵀ (centred X, Y): tr (K^½ L K^½)^½ = ‖K^½ L^½‖_* = ‖XᵀY‖_*
            // (with X = U S Vᵀ, K^½ = U S Uᵀ and orthonormal factors do not change singular values), and tr K = ‖X‖²_F.
            // So NBS = ‖Σab‖_* / √(tr Σaa · tr Σbb).
            double nuclear = linalg.svdvals(covAB).sum().item<double>();
            double traces = covAA.trace().item<double>() * covBB.trace().item<double>();
            result = result with { Nbs = Math.Min(1.0, nuclear / Math.Sqrt(traces)) };
        }

        return result with { Warnings = warnings };
    }

    /// <summary>google/svcca's sum_threshold mean: the smallest k with Σ_{i&lt;k} ρ_i ≥ threshold · Σ ρ, then mean(ρ_0..ρ_{k−1}).</summary>
    internal static double GoogleMean(double[] descending, double threshold)
    {
        double total = descending.Sum();
        if (total <= 0) return 0;
        double running = 0;
        for (int k = 1; k <= descending.Length; k++)
        {
            running += descending[k - 1];
            if (running >= threshold * total) return running / k;
        }
        return total / descending.Length;
    }

    internal static int SvccaDimensions(Spectrum spectrum, SimilarityOptions options)
    {
        var values = spectrum.Eigenvalues.Take(spectrum.Rank).ToArray();
        if (options.Rule == SvccaReduction.FixedDimensions) return Math.Min(options.SvccaDimensions, spectrum.Rank);
        if (options.Rule is SvccaReduction.SingularValueFraction or SvccaReduction.AnatomeSingularValueFraction)
            values = values.Select(Math.Sqrt).ToArray(); // singular values of the centred data are √((n−1)λ)
        double total = values.Sum(), running = 0;
        if (options.Rule == SvccaReduction.AnatomeSingularValueFraction)
        {
            int below = 0;
            foreach (var value in values)
            {
                running += value;
                if (running / total < options.VarianceFraction) below++;
            }
            return Math.Max(1, below);
        }
        for (int k = 1; k <= values.Length; k++)
        {
            running += values[k - 1];
            // the relative slack keeps "exactly 0.99 of the total" from being lost to rounding
            if (running >= options.VarianceFraction * total * (1 - 1e-12)) return k;
        }
        return values.Length;
    }

    /// <summary>
    /// CCA between the leading <paramref name="kA"/> and <paramref name="kB"/> principal directions of each layer:
    /// whiten each with W = V_k Λ_k^−½, then the singular values of W_aᵀ Σab W_b are the canonical correlations.
    /// </summary>
    private static CanonicalPairs CanonicalCorrelations(Spectrum a, int kA, Spectrum b, int kB, Tensor covAB)
    {
        var whitenA = a.Whitening(kA);
        var whitenB = b.Whitening(kB);
        var (u, s, _) = linalg.svd(whitenA.t().mm(covAB).mm(whitenB), fullMatrices: false);
        return new CanonicalPairs(s.clamp(0.0, 1.0), u, kA);
    }

    /// <summary>
    /// Morcos et al.: α_i = Σ_j |⟨h_i/‖h_i‖, a_j⟩| over the centred neurons a_j of layer A, with h_i = A_c W u_i its
    /// i-th canonical variate. From covariances: ⟨h_i, a_j⟩ = (n−1)(Σaa W u_i)_j and ‖h_i‖ = √(n−1), so
    /// α_i ∝ ‖Σaa W u_i‖₁ = ‖V Λ^½ u_i‖₁; PWCCA = Σ α_i ρ_i / Σ α_i.
    /// </summary>
    private static double ProjectionWeightedMean(Spectrum a, CanonicalPairs cca)
    {
        var loadings = a.Colouring(cca.KeptA).mm(cca.DirectionsA); // (neurons, pairs): Σaa W u_i for each i
        var weights = loadings.abs().sum([0]);
        return weights.mul(cca.Correlations).sum().item<double>() / weights.sum().item<double>();
    }

    /// <summary>Indices of neurons whose variance exceeds tolerance × the layer's largest variance.</summary>
    private static int[] VaryingNeurons(double[,] covariance, double tolerance)
    {
        int n = covariance.GetLength(0);
        double largest = 0;
        for (int i = 0; i < n; i++) largest = Math.Max(largest, covariance[i, i]);
        return Enumerable.Range(0, n).Where(i => covariance[i, i] > 0 && covariance[i, i] > tolerance * largest).ToArray();
    }

    private static Tensor Select(double[,] matrix, int[] rows, int[] columns)
    {
        var selected = new double[rows.Length * columns.Length];
        for (int i = 0; i < rows.Length; i++)
            for (int j = 0; j < columns.Length; j++)
                selected[i * columns.Length + j] = matrix[rows[i], columns[j]];
        return tensor(selected, new long[] { rows.Length, columns.Length }, ScalarType.Float64);
    }

    private static double[] ToArray(Tensor vector) => vector.cpu().data<double>().ToArray();

    private sealed record CanonicalPairs(Tensor Correlations, Tensor DirectionsA, int KeptA);
}
