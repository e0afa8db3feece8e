using TorchSharp;
using static TorchSharp.torch;

namespace ActorPipeline.Ml.Data;

/// <summary>
/// Per-mini-batch augmentation on the device, as whole-batch tensor ops (no per-image loop):
/// horizontal flip (exact: a select between the image and its mirror), random crop of the zero-padded
/// image (exact: two gathers with per-sample offsets), then rotation + sub-pixel translation in one
/// affine_grid + grid_sample (bilinear, zeros outside). Input: a normalized float32 B×3×H×W batch, so
/// "zero" fill is the dataset mean colour. All randomness comes from the given generator, so the same
/// generator seed gives bit-identical output on the same device.
/// </summary>
public sealed class BatchAugmentation : IBatchAugmenter
{
    public BatchAugmentation(AugmentationOptions? options = null)
    {
        Options = options ?? AugmentationOptions.Default;
        Options.Validate();
    }

    public AugmentationOptions Options { get; }

    /// <summary>
    /// A new augmented batch. The random parameters are drawn on the generator's device (a CPU generator
    /// thus gives the same parameters whatever device the batch is on), in a fixed order: flip, crop, rotation, translation.
    /// </summary>
    Tensor IBatchAugmenter.Augment(Tensor normalizedBatch, Generator generator) => Apply(normalizedBatch, generator);

    public Tensor Apply(Tensor batch, Generator generator)
    {
        if (batch.dim() != 4 || batch.dtype != ScalarType.Float32)
            throw new ArgumentException($"Expected a float32 batch B×C×H×W, got {batch.dtype} [{string.Join(", ", batch.shape)}].", nameof(batch));
        using var scope = NewDisposeScope();
        long b = batch.shape[0];
        Tensor Uniform(params long[] size) => rand(size, dtype: ScalarType.Float32, device: generator.device, generator: generator).to(batch.device);

        var result = batch;
        if (Options.FlipProbability > 0)
            result = Flip(result, Uniform(b).lt(Options.FlipProbability));
        if (Options.CropPadding > 0)
        {
            var offsets = Uniform(b, 2).mul(2 * Options.CropPadding + 1).floor_().to(ScalarType.Int64).clamp_(0, 2 * Options.CropPadding);
            result = Crop(result, offsets[.., 0], offsets[.., 1], Options.CropPadding);
        }
        if (Options.MaxRotationDegrees > 0 || Options.MaxTranslationFraction > 0)
        {
            var angles = Options.MaxRotationDegrees > 0
                ? Uniform(b).mul_(2).sub_(1).mul_(Options.MaxRotationDegrees * Math.PI / 180)
                : zeros(b, device: batch.device);
            var shifts = Options.MaxTranslationFraction > 0
                ? Uniform(b, 2).mul_(2).sub_(1).mul_(Options.MaxTranslationFraction)
                : zeros(b, 2, device: batch.device);
            result = RotateTranslate(result, angles, shifts[.., 0].mul(batch.shape[3]), shifts[.., 1].mul(batch.shape[2]));
        }
        // Always a new tensor, so callers can dispose input and output independently.
        return (ReferenceEquals(result, batch) ? batch.clone() : result).MoveToOuterDisposeScope();
    }

    /// <summary>Mirrors (left↔right) the images where <paramref name="flip"/> (bool, B) is true.</summary>
    public static Tensor Flip(Tensor batch, Tensor flip)
    {
        using var scope = NewDisposeScope();
        return where(flip.view(-1, 1, 1, 1), batch.flip(3), batch).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The H×W window at (<paramref name="top"/>, <paramref name="left"/>) (int64, B, each in 0..2p) of each image
    /// zero-padded by <paramref name="padding"/>: content moves down by p−top and right by p−left.
    /// </summary>
    public static Tensor Crop(Tensor batch, Tensor top, Tensor left, int padding)
    {
        using var scope = NewDisposeScope();
        long b = batch.shape[0], c = batch.shape[1], h = batch.shape[2], w = batch.shape[3];
        var padded = nn.functional.pad(batch, [padding, padding, padding, padding]); // zeros
        var rows = top.view(-1, 1) + arange(h, dtype: ScalarType.Int64, device: batch.device);  // B×H
        var cols = left.view(-1, 1) + arange(w, dtype: ScalarType.Int64, device: batch.device); // B×W
        var band = padded.gather(2, rows.view(b, 1, h, 1).expand(b, c, h, w + 2 * padding));
        return band.gather(3, cols.view(b, 1, 1, w).expand(b, c, h, w)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Rotates each image about its centre by <paramref name="angles"/> (radians, B; positive turns content
    /// clockwise on screen, y pointing down) and then moves it by (<paramref name="shiftX"/>, <paramref name="shiftY"/>)
    /// pixels (B each; positive: right, down). Bilinear; zeros outside the image.
    /// </summary>
    public static Tensor RotateTranslate(Tensor batch, Tensor angles, Tensor shiftX, Tensor shiftY)
    {
        using var scope = NewDisposeScope();
        long b = batch.shape[0];
        var dtype = batch.dtype;
        angles = angles.to(dtype);
        // affine_grid maps output coordinates (normalized to [-1, 1], align_corners=false) to input ones:
        // input = R⁻¹ (output − s), s the shift in normalized units (2 px / size).
        var sx = shiftX.to(dtype).mul(2.0 / batch.shape[3]);
        var sy = shiftY.to(dtype).mul(2.0 / batch.shape[2]);
        var cos = angles.cos();
        var sin = angles.sin();
        var tx = (cos * sx + sin * sy).neg();
        var ty = (cos * sy - sin * sx).neg();
        var theta = stack([stack([cos, sin, tx], 1), stack([sin.neg(), cos, ty], 1)], 1); // B×2×3
        var grid = nn.functional.affine_grid(theta, [b, batch.shape[1], batch.shape[2], batch.shape[3]], align_corners: false);
        return nn.functional.grid_sample(batch, grid, mode: GridSampleMode.Bilinear, padding_mode: GridSamplePaddingMode.Zeros, align_corners: false)
            .MoveToOuterDisposeScope();
    }
}
