using static TorchSharp.torch;

namespace ActorPipeline.Ml.Similarity;

/// <summary>Streams two .npy activation files of the same inputs into a <see cref="CovarianceAccumulator"/>, chunk by chunk.</summary>
public static class NpySimilarity
{
    public static CovarianceAccumulator Accumulate(string pathA, string pathB, Device device, long chunkBytes = 64L << 20)
    {
        using var a = new NpyReader(pathA);
        using var b = new NpyReader(pathB);
        string nameA = Path.GetFileName(pathA), nameB = Path.GetFileName(pathB);
        if (a.Inputs != b.Inputs)
            throw new InvalidDataException($"{nameA} has {a.Inputs} inputs but {nameB} has {b.Inputs}; both must hold activations of the same inputs.");
        if (ActivationLayout.DatapointsPerInput(a.Shape) != ActivationLayout.DatapointsPerInput(b.Shape))
            throw new InvalidDataException($"{nameA} has shape ({string.Join(", ", a.Shape)}) and {nameB} ({string.Join(", ", b.Shape)}): "
                                           + "their spatial positions differ, so they do not give the same datapoints; pool or interpolate one first.");
        long features(NpyReader r) => ActivationLayout.Features(r.Shape);
        if (features(a) > int.MaxValue || features(b) > int.MaxValue) throw new InvalidDataException("Too many features.");

        var accumulator = new CovarianceAccumulator((int)features(a), (int)features(b), device);
        try
        {
            long perChunk = Math.Min(a.InputsPerChunk(chunkBytes), b.InputsPerChunk(chunkBytes));
            while (true)
            {
                using var scope = NewDisposeScope();
                var chunkA = a.ReadNext(perChunk);
                var chunkB = b.ReadNext(perChunk);
                if (chunkA is null || chunkB is null) break;
                long first = a.InputsRead - chunkA.shape[0];
                try
                {
                    accumulator.Add(chunkA.to(device), chunkB.to(device));
                }
                catch (ArgumentException e)
                {
                    throw new InvalidDataException($"A = {nameA}, B = {nameB}, inputs {first}..{a.InputsRead - 1}: {e.Message}", e);
                }
            }
            return accumulator;
        }
        catch
        {
            accumulator.Dispose();
            throw;
        }
    }
}
