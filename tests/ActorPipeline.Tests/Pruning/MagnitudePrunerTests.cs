using ActorPipeline.Ml.Pruning;
using static ActorPipeline.Tests.Pruning.PruningTestNets;

namespace ActorPipeline.Tests.Pruning;

public sealed class MagnitudePrunerTests
{
    private const string ConvW = "conv1.conv.weight", ConvB = "conv1.conv.bias", FcW = "fc1.linear.weight", FcB = "fc1.linear.bias";

    [Theory]
    [InlineData(0.1, 55, 6)]   // 5.5: half rounds away from zero (the decimal 0.1, not its binary neighbour)
    [InlineData(0.1, 54, 5)]   // 5.4
    [InlineData(0.1, 5, 1)]    // 0.5
    [InlineData(0.1, 4, 0)]    // 0.4: a pool this small loses nothing
    [InlineData(0.2, 12, 2)]   // 2.4
    [InlineData(0.2, 13, 3)]   // 2.6
    [InlineData(0.5, 3, 2)]    // 1.5
    [InlineData(0.0, 1000, 0)]
    [InlineData(0.2, 0, 0)]
    public void Prune_count_is_rate_times_survivors_rounded_half_away_from_zero(double rate, long alive, long expected) =>
        Assert.Equal(expected, MagnitudePruner.PruneCount(rate, alive));

    [Fact]
    public void Prunes_exactly_the_smallest_magnitudes_of_the_conv_pool_across_weight_and_bias()
    {
        using var model = Make(OneConv);
        // 54 conv weights with magnitudes 0.01 … 0.54 (alternating signs), biases 0.005 and -100.
        Set(model, ConvW, i => (i % 2 == 0 ? 1 : -1) * 0.01f * (i + 1));
        Set(model, ConvB, [0.005f, -100f]);
        var options = new PruningOptions { ConvRate = 0.1, FcRate = 0 };
        using var dense = MaskSet.Dense(model, options);
        using var pruned = MagnitudePruner.Prune(model, dense, options);

        // 56 conv parameters: round(5.6) = 6 go: bias[0] (0.005) and the five smallest weights (0.01 … 0.05).
        Assert.Equal([0, 1, 2, 3, 4], PrunedPositions(pruned, ConvW));
        Assert.Equal([0], PrunedPositions(pruned, ConvB));
        Assert.Empty(PrunedPositions(pruned, FcW)); // fc rate 0
        var report = pruned.Sparsity();
        Assert.Equal(56, report.ConvTotal);
        Assert.Equal(6, report.ConvPruned);
        Assert.Equal(0, report.FcPruned);
        Assert.Equal(6.0 / 56, report.Conv);
        Assert.Equal(6.0 / report.Total, report.Overall);
    }

    [Fact]
    public void Ties_are_broken_by_position_so_the_count_is_exact()
    {
        using var model = Make(OneConv);
        Set(model, ConvW, i => i == 53 ? 0.5f : (i % 3 == 0 ? -1f : 1f)); // one smaller value at the end, the rest tie at |1|
        Set(model, ConvB, [1f, 1f]);
        var options = new PruningOptions { ConvRate = 0.25, FcRate = 0 };
        using var dense = MaskSet.Dense(model, options);
        using var pruned = MagnitudePruner.Prune(model, dense, options);

        // round(0.25 × 56) = 14: the 0.5 first, then the first 13 of the tied parameters in position order.
        Assert.Equal(Enumerable.Range(0, 13).Append(53).ToArray(), PrunedPositions(pruned, ConvW));
        Assert.Empty(PrunedPositions(pruned, ConvB));
        Assert.Equal(14, pruned.Sparsity().ConvPruned);

        // All tied, enough to spill into the bias: weights come first in parameter order.
        Set(model, ConvW, _ => 2f);
        Set(model, ConvB, [2f, 2f]);
        var spill = options with { ConvRate = 0.98 }; // round(54.88) = 55
        using var spilled = MagnitudePruner.Prune(model, dense, spill);
        Assert.Equal(54, PrunedPositions(spilled, ConvW).Length);
        Assert.Equal([0], PrunedPositions(spilled, ConvB));
    }

    [Fact]
    public void Pruned_parameters_are_never_revived_and_count_as_pruned()
    {
        using var model = Make(OneConv);
        Set(model, ConvW, i => 0.01f * (i + 1));
        Set(model, ConvB, [1f, 1f]);
        var options = new PruningOptions { ConvRate = 0.1, FcRate = 0.2 };
        using var dense = MaskSet.Dense(model, options);
        using var first = MagnitudePruner.Prune(model, dense, options);
        Assert.Equal([0, 1, 2, 3, 4, 5], PrunedPositions(first, ConvW)); // round(5.6) = 6

        // The pruned weights grow huge (as if training had moved them): they must stay pruned, and the
        // second step takes round(0.1 × 50) = 5 of the 50 survivors.
        Set(model, ConvW, i => i < 6 ? 1000f : 0.01f * (i + 1));
        using var second = MagnitudePruner.Prune(model, first, options);
        Assert.Equal(Enumerable.Range(0, 11).ToArray(), PrunedPositions(second, ConvW));
        Assert.Equal(11, second.Sparsity().ConvPruned);
        var fc = second.Sparsity();
        long fcTotal = 3 * 512 + 3;
        long fcAfterOne = MagnitudePruner.PruneCount(0.2, fcTotal);
        Assert.Equal(fcAfterOne + MagnitudePruner.PruneCount(0.2, fcTotal - fcAfterOne), fc.FcPruned);
        // Every mask of the second step lies inside the first.
        foreach (var name in second.Names)
            Assert.All(AliveOf(second, name).Zip(AliveOf(first, name)), p => Assert.True(!p.Item1 || p.Item2));
    }

    [Fact]
    public void Pooled_groups_compete_globally_while_per_layer_prunes_each_layer_at_the_group_rate()
    {
        using var model = Make(TwoConv);
        // conv1: 56 parameters of magnitude ≥ 1 (biases 100); conv2: 38 parameters of magnitude ≤ 0.038.
        Set(model, "conv1.conv.weight", i => 1f + i);
        Set(model, "conv1.conv.bias", [100f, 100f]);
        Set(model, "conv2.conv.weight", i => 0.001f * (i + 1));
        Set(model, "conv2.conv.bias", [0.5f, 0.5f]);
        var pooled = new PruningOptions { ConvRate = 0.2, FcRate = 0.2 };
        using var dense = MaskSet.Dense(model, pooled);
        using var globally = MagnitudePruner.Prune(model, dense, pooled);
        // round(0.2 × 94) = 19, all from conv2 (its 19 smallest weights).
        Assert.Empty(PrunedPositions(globally, "conv1.conv.weight"));
        Assert.Equal(Enumerable.Range(0, 19).ToArray(), PrunedPositions(globally, "conv2.conv.weight"));

        var perLayer = pooled with { Grouping = PruningGrouping.PerLayer };
        using var layered = MagnitudePruner.Prune(model, dense, perLayer);
        // conv1: round(0.2 × 56) = 11; conv2: round(0.2 × 38) = 8; fc1 weight+bias: round(0.2 × 1539) = 308.
        Assert.Equal(Enumerable.Range(0, 11).ToArray(), PrunedPositions(layered, "conv1.conv.weight"));
        Assert.Equal(Enumerable.Range(0, 8).ToArray(), PrunedPositions(layered, "conv2.conv.weight"));
        var report = layered.Sparsity();
        Assert.Equal(19, report.ConvPruned);
        Assert.Equal(308, report.FcPruned);
    }

    [Fact]
    public void Output_layer_and_batch_norm_stay_dense_by_default_and_are_pruned_when_configured()
    {
        using var model = Make(OneConv);
        var defaults = new PruningOptions { ConvRate = 0.5, FcRate = 0.5 };
        using (var dense = MaskSet.Dense(model, defaults))
            Assert.Equal([ConvW, ConvB, FcW, FcB], dense.Names);

        var all = defaults with { PruneOutputLayer = true, PruneBatchNorm = true };
        using var everything = MaskSet.Dense(model, all);
        Assert.Equal([ConvW, ConvB, "conv1.bn.weight", "conv1.bn.bias", FcW, FcB, "fc1.bn.weight", "fc1.bn.bias", "output.weight", "output.bias"], everything.Names);
        Assert.Equal(PruningGroup.Conv, everything.GroupOf("conv1.bn.weight"));
        Assert.Equal(PruningGroup.Fc, everything.GroupOf("output.weight"));
        Assert.Equal(PruningGroup.Fc, everything.GroupOf("fc1.bn.bias"));

        // Output weights made tiny are the first to go once the output layer is in the fc pool.
        Set(model, "output.weight", _ => 1e-9f);
        using var pruned = MagnitudePruner.Prune(model, everything, all);
        Assert.Equal(6, PrunedPositions(pruned, "output.weight").Length);
        using var defaultPruned = MagnitudePruner.Prune(model, MaskSet.Dense(model, defaults), defaults);
        Assert.DoesNotContain("output.weight", defaultPruned.Names);
        Assert.Equal(2 + 2 + 3 + 3 + 6 + 2, everything.Sparsity().Total - (56 + 1539));
    }

    [Fact]
    public void A_mask_built_for_other_options_is_rejected()
    {
        using var model = Make(OneConv);
        using var dense = MaskSet.Dense(model, new PruningOptions { ConvRate = 0.1, FcRate = 0.1 });
        var error = Assert.Throws<InvalidDataException>(() =>
            MagnitudePruner.Prune(model, dense, new PruningOptions { ConvRate = 0.1, FcRate = 0.1, PruneOutputLayer = true }));
        Assert.Contains("output.weight", error.Message);
    }

    [Theory]
    [InlineData(0.1, 0.2)]
    [InlineData(0.2, 0.2)]
    public void Sparsity_after_k_iterations_follows_the_rounding_rule_and_approaches_one_minus_survival_to_the_k(double convRate, double fcRate)
    {
        using var model = Make(TwoConv, seed: 9);
        var options = new PruningOptions { ConvRate = convRate, FcRate = fcRate };
        var masks = MaskSet.Dense(model, options);
        var total = masks.Sparsity();
        long convAlive = total.ConvTotal, fcAlive = total.FcTotal;
        try
        {
            for (int k = 1; k <= 10; k++)
            {
                var next = MagnitudePruner.Prune(model, masks, options);
                masks.Dispose();
                masks = next;
                masks.ApplyTo(model);
                convAlive -= MagnitudePruner.PruneCount(convRate, convAlive);
                fcAlive -= MagnitudePruner.PruneCount(fcRate, fcAlive);
                var report = masks.Sparsity();
                Assert.Equal(total.ConvTotal - convAlive, report.ConvPruned);
                Assert.Equal(total.FcTotal - fcAlive, report.FcPruned);
                // Each step's rounding moves the count by at most half a parameter.
                Assert.InRange(report.Conv, 1 - Math.Pow(1 - convRate, k) - k * 0.5 / total.ConvTotal, 1 - Math.Pow(1 - convRate, k) + k * 0.5 / total.ConvTotal);
                Assert.InRange(report.Fc, 1 - Math.Pow(1 - fcRate, k) - k * 0.5 / total.FcTotal, 1 - Math.Pow(1 - fcRate, k) + k * 0.5 / total.FcTotal);
            }
        }
        finally
        {
            masks.Dispose();
        }
    }
}
