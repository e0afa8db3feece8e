namespace ActorPipeline.Ml.Data;

/// <summary>
/// CIFAR-style images on the host: <see cref="Count"/> records of 3×32×32 bytes in the archive's
/// layout (R plane, G plane, B plane, each 32×32 row-major) and one label per record.
/// Labels are in 0..<see cref="ClassCount"/>-1.
/// </summary>
public sealed class LabeledImages
{
    public const int Channels = 3;
    public const int Height = 32;
    public const int Width = 32;
    public const int BytesPerImage = Channels * Height * Width;

    public LabeledImages(byte[] pixels, byte[] labels, int classCount)
    {
        if (pixels.Length != labels.Length * BytesPerImage)
            throw new ArgumentException($"Pixel buffer holds {pixels.Length} bytes; {labels.Length} images of {BytesPerImage} bytes need {labels.Length * BytesPerImage}.", nameof(pixels));
        if (classCount <= 0) throw new ArgumentOutOfRangeException(nameof(classCount), classCount, "At least one class is needed.");
        for (int i = 0; i < labels.Length; i++)
            if (labels[i] >= classCount)
                throw new ArgumentException($"Label {labels[i]} of image {i} is outside 0..{classCount - 1}.", nameof(labels));
        Pixels = pixels;
        Labels = labels;
        ClassCount = classCount;
    }

    public byte[] Pixels { get; }
    public byte[] Labels { get; }
    public int ClassCount { get; }
    public int Count => Labels.Length;

    /// <summary>The images at <paramref name="indices"/>, in that order.</summary>
    public LabeledImages Select(IReadOnlyList<int> indices)
    {
        var pixels = new byte[indices.Count * BytesPerImage];
        var labels = new byte[indices.Count];
        for (int i = 0; i < indices.Count; i++)
        {
            Buffer.BlockCopy(Pixels, indices[i] * BytesPerImage, pixels, i * BytesPerImage, BytesPerImage);
            labels[i] = Labels[indices[i]];
        }
        return new LabeledImages(pixels, labels, ClassCount);
    }

    /// <summary>How many images carry each label 0..<see cref="ClassCount"/>-1.</summary>
    public int[] CountPerClass()
    {
        var counts = new int[ClassCount];
        foreach (var label in Labels) counts[label]++;
        return counts;
    }
}
