using ActorPipeline.Ml.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace ActorPipeline.Tests.Data;

public sealed class BatchAugmentationTests
{

    /// <summary>A batch of hand-made images whose every value is distinct and nonzero (so zero fill is visible).</summary>
    private static Tensor HandMade(int count = 1) =>
        arange(count * 3 * 32 * 32, dtype: ScalarType.Float32).view(count, 3, 32, 32).div(1000).add(1);

    /// <summary>The image moved <paramref name="down"/> rows and <paramref name="right"/> columns, zeros filling in.</summary>
    private static Tensor Shifted(Tensor image, int down, int right) =>
        nn.functional.pad(image, [8, 8, 8, 8]).narrow(2, 8 - down, 32).narrow(3, 8 - right, 32);

    private static Tensor Run(AugmentationOptions options, Tensor batch, ulong seed)
    {
        using var generator = new Generator(seed);
        return new BatchAugmentation(options).Apply(batch, generator);
    }

    [Fact]
    public void Default_augmentation_keeps_shape_and_is_deterministic_per_seed()
    {
        using var scope = NewDisposeScope();
        var batch = randn(64, 3, 32, 32, generator: new Generator(1));
        var before = batch.clone();
        var a = Run(AugmentationOptions.Default, batch, 42);
        var b = Run(AugmentationOptions.Default, batch, 42);
        var c = Run(AugmentationOptions.Default, batch, 43);

        Assert.Equal(batch.shape, a.shape);
        Assert.Equal(ScalarType.Float32, a.dtype);
        Assert.True(a.Exactly(b), "same generator seed must give bit-identical output");
        Assert.False(a.Exactly(c));
        Assert.False(a.Exactly(batch));
        Assert.True(batch.Exactly(before), "the input must not be modified");
        Assert.True(a.isfinite().all().item<bool>());
    }

    [Fact]
    public void All_steps_off_returns_an_equal_copy()
    {
        using var scope = NewDisposeScope();
        var batch = HandMade(2);
        var result = Run(AugmentationOptions.None, batch, 1);
        Assert.True(result.Exactly(batch));
        Assert.NotEqual(batch.Handle, result.Handle);
    }

    [Fact]
    public void Flip_mirrors_exactly_the_selected_images()
    {
        using var scope = NewDisposeScope();
        var batch = HandMade(2);
        var flipped = BatchAugmentation.Flip(batch, tensor(new[] { true, false }));
        Assert.True(flipped[0].Exactly(batch[0].flip(2)));
        Assert.True(flipped[1].Exactly(batch[1]));
        // Pixel (row 5, column 0) of the mirror is pixel (row 5, column 31) of the original.
        Assert.Equal(batch[0, 1, 5, 31].item<float>(), flipped[0, 1, 5, 0].item<float>());

        var always = Run(AugmentationOptions.None with { FlipProbability = 1 }, batch, 7);
        Assert.True(always.Exactly(batch.flip(3)));
    }

    [Fact]
    public void Crop_moves_content_by_whole_pixels_and_fills_zeros()
    {
        using var scope = NewDisposeScope();
        var image = HandMade(1);
        // Explicit offsets: top = 4 − 3 (content 3 rows down), left = 4 + 2 (content 2 columns left).
        var cropped = BatchAugmentation.Crop(image, tensor(new long[] { 1 }), tensor(new long[] { 6 }), padding: 4);
        Assert.True(cropped.Exactly(Shifted(image, 3, -2)));
        Assert.Equal(0f, cropped[0, 0, 0, 0].item<float>());

        // Random crops: every image is the original moved by some shift in [-4, 4]², exactly.
        var batch = HandMade(1).expand(16, 3, 32, 32).contiguous();
        var result = Run(AugmentationOptions.None with { CropPadding = 4 }, batch, 3);
        var shifts = new HashSet<(int, int)>();
        for (int i = 0; i < 16; i++)
        {
            var match = (from dy in Enumerable.Range(-4, 9) from dx in Enumerable.Range(-4, 9)
                         where result[i].unsqueeze(0).Exactly(Shifted(image, dy, dx))
                         select (dy, dx)).ToList();
            shifts.Add(Assert.Single(match));
        }
        Assert.True(shifts.Count > 1, "random crops should not all be the same");
    }

    [Fact]
    public void Translation_moves_content_and_rotation_turns_it_clockwise()
    {
        using var scope = NewDisposeScope();
        var image = HandMade(1);
        var moved = BatchAugmentation.RotateTranslate(image, zeros(1), tensor(new[] { 3f }), tensor(new[] { -2f }));
        Assert.True(moved.allclose(Shifted(image, -2, 3), rtol: 0, atol: 1e-4));

        var turned = BatchAugmentation.RotateTranslate(image, tensor(new[] { (float)(Math.PI / 2) }), zeros(1), zeros(1));
        Assert.True(turned.allclose(image.rot90(-1, (2, 3)), rtol: 0, atol: 1e-4));
    }

    [Fact]
    public void Random_translation_stays_within_its_bound()
    {
        using var scope = NewDisposeScope();
        // A single bright pixel at the centre: its centre of mass must move by at most 10% of 32 = 3.2 px per axis.
        var batch = zeros(32, 1, 32, 32);
        batch[.., .., 16, 16] = tensor(1f);
        var result = Run(AugmentationOptions.None with { MaxTranslationFraction = 0.1 }, batch, 5);
        var grid = arange(32, dtype: ScalarType.Float32);
        var mass = result.sum([2, 3]);
        var x = (result.sum(2) * grid).sum(2).div(mass).squeeze(1);
        var y = (result.sum(3) * grid).sum(2).div(mass).squeeze(1);
        Assert.True(x.sub(16).abs().max().item<float>() <= 3.2f + 1e-3f);
        Assert.True(y.sub(16).abs().max().item<float>() <= 3.2f + 1e-3f);
        Assert.True(x.sub(16).abs().max().item<float>() > 0.5f, "some image should move");
    }
}

internal static class TensorAssertions
{
    /// <summary>Same shape and bit-identical values (TorchSharp's <c>equal</c> is element-wise).</summary>
    public static bool Exactly(this Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();
}
