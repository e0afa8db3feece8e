using ActorPipeline.Host.Results;

namespace ActorPipeline.Tests.Sweeps;

/// <summary>What a disturbed sweep on PostgreSQL must end with: the undisturbed run's results, a journal without duplicates or failed attempts.</summary>
internal static class SweepOutcomeAssert
{
    /// <summary>accuracy.csv and similarity.csv equal line for line (so byte for byte).</summary>
    public static void SameResults(string expectedFolder, string actualFolder)
    {
        foreach (var file in new[] { ResultsWriter.AccuracyFile, ResultsWriter.SimilarityFile })
            Assert.Equal(File.ReadAllLines(Path.Combine(expectedFolder, ResultsWriter.Folder, file)), File.ReadAllLines(Path.Combine(actualFolder, ResultsWriter.Folder, file)));
    }

    /// <summary>The <see cref="TinyHostSweep"/> journal: no event persisted twice, no failed attempt, every step once.</summary>
    public static async Task JournalClean(PostgreSqlServer server)
    {
        Assert.Equal(0, await server.ScalarAsync("SELECT count(*) - count(DISTINCT (persistence_id, message)) FROM journal")); // nothing persisted twice
        Assert.Equal(0, await server.ScalarAsync("SELECT count(*) FROM journal WHERE manifest LIKE '%attempt-failed%' OR manifest LIKE '%-failed.v1'"));
        Assert.Equal(1 + 2 * 2 * 2 + 2, await server.ScalarAsync("SELECT count(*) FROM journal WHERE persistence_id LIKE 'problem-%'")); // dense, 2 × 2 × (trained, measured), 2 completions
    }
}
