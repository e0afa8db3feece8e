using MathNet.Numerics.LinearAlgebra;

namespace ActorPipeline.Tests.Similarity;

/// <summary>
/// An independent in-memory float64 implementation on the raw data matrices (MathNet, no code shared with the
/// engine): centre, drop constant columns, thin SVD of each layer's data, CCA as the singular values of U_aᵀ U_b
/// (Björck–Golub), PWCCA from explicit canonical variates, CKA from XᵀY, NBS from the n × n kernels.
/// </summary>
internal static class ReferenceSimilarity
{
    public sealed record Result(double[] Cca, double[] Svcca, int KeptA, int KeptB, double Pwcca, double Cka, double Nbs, int ConstantA, int ConstantB);

    public static Result Compute(Matrix<double> a, Matrix<double> b, double varianceFraction = 0.99, bool withKernelNbs = true)
    {
        var (ca, constantA) = CentreAndDropConstant(a);
        var (cb, constantB) = CentreAndDropConstant(b);
        var (ua, sa) = ThinSvd(ca);
        var (ub, sb) = ThinSvd(cb);
        int rankA = Rank(sa), rankB = Rank(sb);

        var ccaSvd = ua.SubMatrix(0, ua.RowCount, 0, rankA).TransposeThisAndMultiply(ub.SubMatrix(0, ub.RowCount, 0, rankB)).Svd(true);
        var cca = ccaSvd.S.Take(Math.Min(rankA, rankB)).Select(s => Math.Min(1, s)).ToArray();

        int keptA = Kept(sa, rankA, varianceFraction), keptB = Kept(sb, rankB, varianceFraction);
        var svcca = ua.SubMatrix(0, ua.RowCount, 0, keptA).TransposeThisAndMultiply(ub.SubMatrix(0, ub.RowCount, 0, keptB)).Svd(false)
            .S.Take(Math.Min(keptA, keptB)).Select(s => Math.Min(1, s)).ToArray();

        // canonical variates of A as unit vectors over datapoints; weights = Σ_j |⟨h_i, a_j⟩| over the centred neurons
        var variates = ua.SubMatrix(0, ua.RowCount, 0, rankA) * ccaSvd.U.SubMatrix(0, rankA, 0, cca.Length);
        var projections = variates.TransposeThisAndMultiply(ca);
        var weights = Enumerable.Range(0, cca.Length).Select(i => projections.Row(i).L1Norm()).ToArray();
        double pwcca = weights.Zip(cca, (w, r) => w * r).Sum() / weights.Sum();

        double cka = Math.Pow(ca.TransposeThisAndMultiply(cb).FrobeniusNorm(), 2)
                     / (ca.TransposeThisAndMultiply(ca).FrobeniusNorm() * cb.TransposeThisAndMultiply(cb).FrobeniusNorm());

        double nbs = withKernelNbs ? KernelNbs(ca, cb) : double.NaN;
        return new Result(cca, svcca, keptA, keptB, pwcca, cka, nbs, constantA, constantB);
    }

    /// <summary>tr((K^½ L K^½)^½) / √(tr K tr L) with K = AAᵀ, L = BBᵀ (Tang et al. 2020), by eigendecompositions of n × n matrices.</summary>
    public static double KernelNbs(Matrix<double> centredA, Matrix<double> centredB)
    {
        var k = centredA * centredA.Transpose();
        var l = centredB * centredB.Transpose();
        // K has rank ≤ p and K^½ L K^½ rank ≤ min(p, q), both ≪ n: their other eigenvalues are rounding noise
        // (~1e-13 of the largest) whose square roots would add ~1e-7, so only the leading ones are kept.
        var kRoot = SymmetricSqrt(k, centredA.ColumnCount);
        var inner = kRoot * l * kRoot;
        var fidelity = SymmetricEigenvalues(inner).OrderDescending().Take(Math.Min(centredA.ColumnCount, centredB.ColumnCount)).Sum(v => Math.Sqrt(Math.Max(v, 0)));
        return fidelity / Math.Sqrt(k.Trace() * l.Trace());
    }

    private static Matrix<double> SymmetricSqrt(Matrix<double> m, int rank)
    {
        var evd = ((m + m.Transpose()) * 0.5).Evd(Symmetricity.Symmetric);
        var cutoff = evd.EigenValues.Select(c => c.Real).OrderDescending().ElementAt(rank - 1);
        var roots = Vector<double>.Build.Dense(evd.EigenValues.Count, i => evd.EigenValues[i].Real >= cutoff ? Math.Sqrt(Math.Max(evd.EigenValues[i].Real, 0)) : 0);
        return evd.EigenVectors * Matrix<double>.Build.DiagonalOfDiagonalVector(roots) * evd.EigenVectors.Transpose();
    }

    private static double[] SymmetricEigenvalues(Matrix<double> m) =>
        ((m + m.Transpose()) * 0.5).Evd(Symmetricity.Symmetric).EigenValues.Select(c => c.Real).ToArray();

    /// <summary>Whether each layer has no varying column (every column one value throughout), decided exactly on the raw data.</summary>
    public static (bool A, bool B) Collapsed(Matrix<double> a, Matrix<double> b) => (AllColumnsConstant(a), AllColumnsConstant(b));

    private static bool AllColumnsConstant(Matrix<double> x) =>
        Enumerable.Range(0, x.ColumnCount).All(j => x.Column(j).Minimum() == x.Column(j).Maximum());

    public static (Matrix<double> Centred, int Constant) CentreAndDropConstant(Matrix<double> x)
    {
        var centred = x.Clone();
        for (int j = 0; j < x.ColumnCount; j++)
        {
            double mean = x.Column(j).Average();
            centred.SetColumn(j, x.Column(j).Subtract(mean));
        }
        var variances = Enumerable.Range(0, x.ColumnCount).Select(j => centred.Column(j).DotProduct(centred.Column(j))).ToArray();
        double largest = variances.Max();
        var keep = Enumerable.Range(0, x.ColumnCount).Where(j => variances[j] > 1e-12 * largest).ToArray();
        return (Matrix<double>.Build.DenseOfColumnVectors(keep.Select(centred.Column)), x.ColumnCount - keep.Length);
    }

    /// <summary>X = Q R (thin), R = U_r S Vᵀ, so X = (Q U_r) S Vᵀ without forming an n × n factor.</summary>
    private static (Matrix<double> U, double[] S) ThinSvd(Matrix<double> x)
    {
        var qr = x.QR(MathNet.Numerics.LinearAlgebra.Factorization.QRMethod.Thin);
        var svd = qr.R.Svd(true);
        return (qr.Q * svd.U, svd.S.ToArray());
    }

    // eigenvalues of the covariance are s²/(n−1): the engine's 1e-10 relative eigenvalue tolerance is 1e-5 on s
    private static int Rank(double[] s) => s.Count(v => v > 1e-5 * s[0]);

    private static int Kept(double[] s, int rank, double fraction)
    {
        var variances = s.Take(rank).Select(v => v * v).ToArray();
        double total = variances.Sum(), running = 0;
        for (int k = 1; k <= rank; k++)
        {
            running += variances[k - 1];
            if (running >= fraction * total * (1 - 1e-12)) return k;
        }
        return rank;
    }
}
