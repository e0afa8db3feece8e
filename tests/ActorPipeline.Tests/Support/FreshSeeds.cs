namespace ActorPipeline.Tests.Support;

/// <summary>
/// Seeds drawn anew on every run, so a randomized test is not tied to one lucky seed; a failure names its seed first,
/// so that it can be replayed (e.g. added to a fixed-seed theory).
/// </summary>
internal static class FreshSeeds
{
    /// <summary>Runs <paramref name="test"/> with <paramref name="count"/> fresh seeds; a failure names the seed it failed with.</summary>
    public static void Run(int count, Action<int> test)
    {
        for (int i = 0; i < count; i++)
        {
            int seed = Random.Shared.Next();
            try
            {
                test(seed);
            }
            catch (Exception e)
            {
                throw new SeededFailureException(seed, e);
            }
        }
    }

    /// <summary><see cref="Run"/> for a test that awaits.</summary>
    public static async Task RunAsync(int count, Func<int, Task> test)
    {
        for (int i = 0; i < count; i++)
        {
            int seed = Random.Shared.Next();
            try
            {
                await test(seed);
            }
            catch (Exception e)
            {
                throw new SeededFailureException(seed, e);
            }
        }
    }
}

/// <summary>A randomized test failed with <see cref="Seed"/>: its message leads with the seed, then the failure's own.</summary>
internal sealed class SeededFailureException(int seed, Exception failure)
    : Exception($"failed with seed {seed} (replay with that seed): {failure.GetType().Name}: {failure.Message}", failure)
{
    public int Seed { get; } = seed;
}
