using ActorPipeline.Ml.Pruning;
using ActorPipeline.Ml.Training;
using ActorPipeline.Tests.Support;
using static ActorPipeline.Tests.Pruning.PruningTestNets;
using static TorchSharp.torch;

namespace ActorPipeline.Tests.Pruning;

public sealed class MaskSetTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mask-tests").FullName;
    private static readonly PruningOptions Options = new() { ConvRate = 0.3, FcRate = 0.4, PruneBatchNorm = true };

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static MaskSet Pruned(Ml.Models.PaperCnn model)
    {
        using var dense = MaskSet.Dense(model, Options);
        return MagnitudePruner.Prune(model, dense, Options);
    }

    [Fact]
    public void Zeroing_pruned_gradients_clears_exactly_the_pruned_entries_and_keeps_the_others()
    {
        using var model = Make(OneConv);
        using var masks = Pruned(model);
        using (var scope = NewDisposeScope())
        {
            model.train();
            var input = randn(new long[] { 4, 3, 32, 32 }, generator: new TorchSharp.torch.Generator(3));
            model.forward(input).pow(2).sum().backward();
        }
        var gradient = Param(model, "conv1.conv.weight").grad!;
        var before = gradient.flatten().data<float>().ToArray();
        Assert.Contains(before, g => g != 0);

        masks.ZeroPrunedGradients(model);

        var alive = AliveOf(masks, "conv1.conv.weight");
        var after = Param(model, "conv1.conv.weight").grad!.flatten().data<float>().ToArray();
        for (int i = 0; i < alive.Length; i++)
            Assert.Equal(alive[i] ? BitConverter.SingleToInt32Bits(before[i]) : 0, BitConverter.SingleToInt32Bits(after[i]));
        Assert.Contains(false, alive);
    }

    [Fact]
    public void Apply_sets_pruned_parameters_to_positive_zero_and_leaves_survivors_bit_identical()
    {
        using var model = Make(OneConv);
        Set(model, "conv1.conv.weight", i => -0.01f * (i + 1)); // negative: multiplying by 0 would give -0
        using var before = Param(model, "conv1.conv.weight").detach().clone();
        using var masks = Pruned(model);
        masks.ApplyTo(model);

        var alive = AliveOf(masks, "conv1.conv.weight");
        var after = ValuesOf(model, "conv1.conv.weight");
        using var beforeFlat = before.flatten();
        var original = beforeFlat.data<float>().ToArray();
        for (int i = 0; i < alive.Length; i++)
        {
            if (alive[i]) Assert.Equal(BitConverter.SingleToInt32Bits(original[i]), BitConverter.SingleToInt32Bits(after[i]));
            else Assert.Equal(0, BitConverter.SingleToInt32Bits(after[i]));
        }
        Assert.Contains(false, alive);
    }

    [Fact]
    public void Rewound_weights_are_masked_again()
    {
        // Late rewinding loads the whole rewind checkpoint (which predates the mask), then applies the mask.
        using var model = Make(OneConv);
        var rewind = Path.Combine(_dir, "rewind.pt");
        ModelCheckpoint.Save(model, rewind);
        using var masks = Pruned(model);
        masks.ApplyTo(model);
        ModelCheckpoint.Load(model, rewind);
        masks.ApplyTo(model);
        using var reference = Make(OneConv);
        foreach (var (name, parameter, _) in model.NamedParametersWithRoles())
        {
            var expected = ValuesOf(reference, name);
            var actual = ValuesOf(model, name);
            var alive = masks.Names.Contains(name) ? AliveOf(masks, name) : Enumerable.Repeat(true, expected.Length).ToArray();
            for (int i = 0; i < expected.Length; i++)
                Assert.Equal(alive[i] ? expected[i] : 0f, actual[i]);
        }
    }

    [Fact]
    public void Save_and_load_round_trip_bit_exactly()
    {
        using var model = Make(OneConv);
        using var masks = Pruned(model);
        var path = Path.Combine(_dir, "mask.pt");
        masks.Save(path);
        using var loaded = MaskSet.Load(path, CPU);
        Assert.Equal(masks.Names, loaded.Names);
        foreach (var name in masks.Names)
        {
            Assert.True(TensorAssert.BitEqual(masks.Alive(name), loaded.Alive(name)), name);
            Assert.Equal(masks.GroupOf(name), loaded.GroupOf(name));
        }
        Assert.Equal(masks.Sparsity().Pruned, loaded.Sparsity().Pruned);
        Assert.Empty(Directory.EnumerateFiles(_dir, "*.tmp"));
        // Bit-packed: 1,626 elements fit in well under 1 KB of mask bits.
        Assert.True(new FileInfo(path).Length < 600, $"{new FileInfo(path).Length} bytes");
    }

    [Fact]
    public void Damaged_or_foreign_files_give_clear_errors()
    {
        using var model = Make(OneConv);
        using var masks = Pruned(model);
        var good = Path.Combine(_dir, "mask.pt");
        masks.Save(good);
        var bytes = File.ReadAllBytes(good);

        Assert.Throws<FileNotFoundException>(() => MaskSet.Load(Path.Combine(_dir, "absent.pt"), CPU));

        var truncated = Path.Combine(_dir, "truncated.pt");
        File.WriteAllBytes(truncated, bytes[..(bytes.Length / 2)]);
        var error = Assert.Throws<InvalidDataException>(() => MaskSet.Load(truncated, CPU));
        Assert.Contains(truncated, error.Message);

        var checkpoint = Path.Combine(_dir, "weights.pt"); // a weights checkpoint is not a mask
        ModelCheckpoint.Save(model, checkpoint);
        Assert.Contains("signature", Assert.Throws<InvalidDataException>(() => MaskSet.Load(checkpoint, CPU)).Message);

        var extra = Path.Combine(_dir, "extra.pt");
        File.WriteAllBytes(extra, [.. bytes, 0]);
        Assert.Contains("after its end marker", Assert.Throws<InvalidDataException>(() => MaskSet.Load(extra, CPU)).Message);

        // A mask of another network does not apply.
        using var other = Make(TwoConv);
        var error2 = Assert.Throws<ArgumentException>(() => masks.ApplyTo(other));
        Assert.Contains("conv1.bn.weight", error2.Message);
    }
}
