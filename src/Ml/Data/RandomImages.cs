namespace ActorPipeline.Ml.Data;

/// <summary>
/// Seeded random CIFAR-sized images with balanced labels: data of a problem's shape for benchmarks that must not
/// depend on the dataset being present. Training on them costs what training on CIFAR-10 costs (checked by `bench`
/// with and without --data).
/// </summary>
public static class RandomImages
{
    public static LabeledImages Create(int count, int classCount, int seed = 1)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "At least one image is needed.");
        if (classCount is < 2 or > byte.MaxValue) throw new ArgumentOutOfRangeException(nameof(classCount), classCount, "The class count must lie in 2..255.");
        var pixels = new byte[(long)count * LabeledImages.BytesPerImage];
        new Random(seed).NextBytes(pixels);
        var labels = Enumerable.Range(0, count).Select(i => (byte)(i % classCount)).ToArray();
        return new LabeledImages(pixels, labels, classCount);
    }
}
