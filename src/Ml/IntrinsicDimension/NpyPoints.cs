using ActorPipeline.Ml.Similarity;
using static TorchSharp.torch;

namespace ActorPipeline.Ml.IntrinsicDimension;

/// <summary>Reads a .npy activation file, (n, p) or (n, c, h, w), chunk by chunk into <see cref="ActivationPoints"/> on a device.</summary>
public static class NpyPoints
{
    public static ActivationPoints Read(string path, Device device, long chunkBytes = 64L << 20)
    {
        using var reader = new NpyReader(path);
        if (reader.Shape.Count < 2)
            throw new InvalidDataException($"{Path.GetFileName(path)} has shape ({string.Join(", ", reader.Shape)}); expected (n, features) or (n, channels, height, width).");
        if (reader.Inputs < 3)
            throw new InvalidDataException($"{Path.GetFileName(path)} holds {reader.Inputs} inputs; TwoNN needs at least 3 points (each needs two neighbours).");
        var points = new ActivationPoints(reader.Inputs);
        try
        {
            long perChunk = reader.InputsPerChunk(chunkBytes);
            while (true)
            {
                using var scope = NewDisposeScope();
                if (reader.ReadNext(perChunk) is not { } chunk) break;
                points.Add(chunk.to(device));
            }
            return points;
        }
        catch
        {
            points.Dispose();
            throw;
        }
    }
}
