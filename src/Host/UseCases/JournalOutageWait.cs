using ActorPipeline.Actors.Events;
using ActorPipeline.Actors.Observers;
using ActorPipeline.Actors.Persistence;
using ActorPipeline.Actors.Problems;
using ActorPipeline.Actors.Sweeps;
using ActorPipeline.Host.Hosting;

namespace ActorPipeline.Host.UseCases;

/// <summary>
/// Reads the journal before the sweep starts; a database that goes away in this window is an outage like any other:
/// one line, retries after 1 s, 2 s … 30 s, and past the limit a <see cref="SweepStoppedException"/> (exit 4). A journal
/// that answers but cannot be read (a damaged or foreign event) is an error at once.
/// </summary>
public static class JournalOutageWait
{
    public static async Task<IReadOnlyList<ProblemState>> ReadProblemsAsync(SweepHost sweep, string journal, TimeSpan limit, TextWriter output, CancellationToken cancellation)
    {
        DateTime? since = null;
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                var states = await sweep.ReadProblemsAsync(cancellation);
                if (since is { } start) output.WriteLine(JournalOutageLines.Available(DateTime.UtcNow - start));
                return states;
            }
            catch (InvalidDataException e) when (e.InnerException is not JournalFormatException)
            {
                string reason = JournalFaults.Describe(e);
                if (since is null)
                {
                    since = DateTime.UtcNow;
                    output.WriteLine(JournalOutageLines.Unavailable(since.Value, journal, reason));
                }
                if (limit > TimeSpan.Zero && DateTime.UtcNow - since.Value > limit)
                    throw SweepStoppedException.JournalOutage(since.Value, limit, journal, reason);
                await Task.Delay(JournalBackoff.Default.Delay(attempt), cancellation);
            }
        }
    }
}
