namespace ActorPipeline.Ml.Training;

/// <summary>
/// Independent, reproducible sub-seeds from one master seed (SplitMix64 finalizer over the seed,
/// a stream name and an index). Each epoch gets its own streams, so a training resumed at epoch k
/// draws exactly what an uninterrupted one would, without saving generator states.
/// </summary>
public static class SeedStreams
{
    public static ulong Derive(long masterSeed, string stream, long index = 0)
    {
        ulong h = Mix((ulong)masterSeed);
        foreach (var c in stream) h = Mix(h ^ c);
        return Mix(h ^ (ulong)index);
    }

    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
