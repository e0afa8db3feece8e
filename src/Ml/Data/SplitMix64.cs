namespace ActorPipeline.Ml.Data;

/// <summary>
/// SplitMix64 (Steele, Lea, Flood 2014; the seeding generator of xoshiro): a tiny, fully specified PRNG.
/// Used for every data selection (splits, probe, caps) so that a seed picks the same images on any
/// .NET version or machine; <see cref="System.Random"/>'s seeded sequence is not guaranteed across versions.
/// </summary>
public sealed class SplitMix64(ulong seed)
{
    private ulong _state = seed;

    /// <summary>An independent stream for one purpose (e.g. validation vs. probe) of one experiment seed,
    /// so that changing one selection's size does not reshuffle the others.</summary>
    public static SplitMix64 ForPurpose(long seed, ulong purpose) => new(Mix(Mix((ulong)seed) + purpose));

    public ulong NextUInt64()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return Mix(_state);
    }

    /// <summary>Uniform in 0..<paramref name="bound"/>-1, without modulo bias (Lemire's multiply-and-reject).</summary>
    public int NextInt(int bound)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bound);
        ulong high = Math.BigMul(NextUInt64(), (ulong)bound, out ulong low);
        if (low < (ulong)bound)
        {
            ulong threshold = (0UL - (ulong)bound) % (ulong)bound;
            while (low < threshold) high = Math.BigMul(NextUInt64(), (ulong)bound, out low);
        }
        return (int)high;
    }

    /// <summary>Moves a uniformly random choice of <paramref name="count"/> items to the front (partial Fisher–Yates).</summary>
    public void ShufflePrefix<T>(Span<T> items, int count)
    {
        for (int i = 0; i < count; i++)
        {
            int j = i + NextInt(items.Length - i);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
