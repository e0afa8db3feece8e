using ActorPipeline.Ml.Data;

namespace ActorPipeline.Tests.Support;

/// <summary>
/// Small labelled image sets that a CNN can learn in a few epochs: noise plus a class-specific
/// bright square (position and colour plane depend on the class).
/// </summary>
internal static class SyntheticImages
{
    public static LabeledImages Make(int count, int classCount, int seed)
    {
        var random = new Random(seed);
        var pixels = new byte[count * LabeledImages.BytesPerImage];
        var labels = new byte[count];
        random.NextBytes(pixels);
        for (int i = 0; i < pixels.Length; i++) pixels[i] = (byte)(pixels[i] / 3);
        for (int n = 0; n < count; n++)
        {
            int label = n % classCount;
            labels[n] = (byte)label;
            int plane = label % 3, row0 = 4 + 12 * (label / 3 % 2), col0 = 4 + 12 * (label % 2);
            for (int r = row0; r < row0 + 12; r++)
                for (int c = col0; c < col0 + 12; c++)
                    pixels[n * LabeledImages.BytesPerImage + plane * 1024 + r * 32 + c] = (byte)(180 + random.Next(60));
        }
        return new LabeledImages(pixels, labels, classCount);
    }
}
