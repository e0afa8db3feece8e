using ActorPipeline.Ml.Models;
using static TorchSharp.torch;

namespace ActorPipeline.Ml.Pruning;

/// <summary>
/// One IMP pruning step: in each pool (a group, or a layer with <see cref="PruningGrouping.PerLayer"/>)
/// remove the surviving parameters of smallest magnitude.
/// <para>
/// Rounding rule: a pool with <c>a</c> surviving parameters loses exactly
/// <c>k = round(rate × a)</c>, rounding half away from zero, with the rate taken as the decimal it is
/// written as (0.1 × 55 = 5.5 → 6). Ties in magnitude are broken by position: the parameter earlier in
/// the network's parameter order (then earlier in row-major flat order) is pruned first. So the count is
/// exact whatever the values, and the result does not depend on the sort algorithm or the device.
/// Parameters already pruned are not candidates: they stay pruned and count as pruned.
/// </para>
/// </summary>
public static class MagnitudePruner
{
    /// <summary>Number of parameters a pool with <paramref name="alive"/> survivors loses at <paramref name="rate"/>.</summary>
    public static long PruneCount(double rate, long alive) =>
        (long)Math.Round((decimal)rate * alive, MidpointRounding.AwayFromZero);

    public static MaskSet Prune(PaperCnn model, MaskSet current, PruningOptions options)
    {
        options.Validate();
        var prunable = MaskSet.PrunableParameters(model, options).ToList();
        current.RequireTensors(prunable.Select(p => p.Name).ToList(), "The current mask");

        var pools = options.Grouping == PruningGrouping.PooledPerGroup
            ? prunable.GroupBy(p => p.Group.ToString())
            : prunable.GroupBy(p => MaskSet.LayerOfName(p.Name));
        var newMasks = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        using (var scope = NewDisposeScope())
        using (no_grad())
        {
            foreach (var pool in pools)
            {
                var members = pool.ToList();
                var rate = options.RateOf(members[0].Group);
                foreach (var (name, tensor) in PrunePool(members.Select(m => (m.Name, (Tensor)m.Parameter, current.Alive(m.Name))).ToList(), rate))
                    newMasks[name] = tensor.MoveToOuterDisposeScope();
            }
        }
        return new MaskSet(prunable.Select(p => (p.Name, newMasks[p.Name])));
    }

    /// <summary>New masks for the members of one pool (weights, their current masks) at <paramref name="rate"/>.</summary>
    private static IEnumerable<(string Name, Tensor Alive)> PrunePool(IReadOnlyList<(string Name, Tensor Weight, Tensor Alive)> members, double rate)
    {
        // The surviving magnitudes of every member, concatenated in parameter order, each in flat order.
        var aliveIndices = members.Select(m => m.Alive.flatten().nonzero().flatten()).ToList();
        var magnitudes = cat(members.Select((m, i) => m.Weight.detach().flatten().index_select(0, aliveIndices[i]).abs().to(ScalarType.Float64)).ToList(), 0);
        long alive = magnitudes.shape[0];
        long k = PruneCount(rate, alive);
        if (magnitudes.isnan().any().item<bool>())
            throw new InvalidOperationException($"The weights of {string.Join(", ", members.Select(m => m.Name))} contain NaN; the training diverged, so magnitudes cannot rank them.");

        Tensor prune;
        if (k == 0)
        {
            prune = zeros(alive, dtype: ScalarType.Bool, device: magnitudes.device);
        }
        else
        {
            // Threshold t = k-th smallest magnitude: everything below t goes, and of the values equal to t
            // the first (k − #below) in position order go.
            var threshold = magnitudes.kthvalue(k, 0).values;
            var below = magnitudes.lt(threshold);
            var needed = k - below.sum().item<long>();
            var equal = magnitudes.eq(threshold);
            var rankAmongEqual = equal.to(ScalarType.Int64).cumsum(0);
            prune = below.logical_or(equal.logical_and(rankAmongEqual.le(needed)));
        }

        long offset = 0;
        for (int i = 0; i < members.Count; i++)
        {
            long count = aliveIndices[i].shape[0];
            var prunedHere = aliveIndices[i].masked_select(prune.narrow(0, offset, count));
            offset += count;
            var mask = members[i].Alive.flatten().clone();
            mask.index_fill_(0, prunedHere, false);
            yield return (members[i].Name, mask.reshape(members[i].Alive.shape));
        }
    }
}
