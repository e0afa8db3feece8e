namespace ActorPipeline.Ml.Pruning;

/// <summary>
/// Fraction of parameters pruned, per group and overall. Every figure counts only the prunable tensors
/// (those a <see cref="MaskSet"/> covers); a group without prunable tensors reports 0.
/// </summary>
public sealed record SparsityReport(
    double Conv,
    double Fc,
    double Overall,
    long ConvTotal,
    long ConvPruned,
    long FcTotal,
    long FcPruned,
    long Total,
    long Pruned,
    IReadOnlyDictionary<string, TensorSparsity> PerTensor)
{
    public static SparsityReport From(IReadOnlyDictionary<string, TensorSparsity> perTensor)
    {
        long convTotal = 0, convPruned = 0, fcTotal = 0, fcPruned = 0;
        foreach (var t in perTensor.Values)
        {
            if (t.Group == PruningGroup.Conv) { convTotal += t.Total; convPruned += t.Pruned; }
            else { fcTotal += t.Total; fcPruned += t.Pruned; }
        }
        long total = convTotal + fcTotal, pruned = convPruned + fcPruned;
        return new SparsityReport(Ratio(convPruned, convTotal), Ratio(fcPruned, fcTotal), Ratio(pruned, total),
            convTotal, convPruned, fcTotal, fcPruned, total, pruned, perTensor);
    }

    private static double Ratio(long pruned, long total) => total == 0 ? 0 : (double)pruned / total;
}
