using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace ActorPipeline.Host.Persistence;

/// <summary>
/// The PostgreSQL journal's sweep lock: a session-level advisory lock (pg_try_advisory_lock) on a dedicated, unpooled
/// connection kept open for the whole run; the server drops it when that connection ends, however the process ends.
/// The session's application name carries the holder (<see cref="SweepLockHolder.ToApplicationName"/>), so a refused
/// process can name it from pg_locks and pg_stat_activity.
/// </summary>
public static class SweepAdvisoryLock
{
    /// <summary>The lock key: the first 8 bytes (big-endian) of SHA-256("actorpipeline:" + sweep id).</summary>
    public static long KeyOf(string sweepId) =>
        BinaryPrimitives.ReadInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes("actorpipeline:" + sweepId)));

    /// <param name="checkEvery">How often the kept lock checks its session (see <see cref="HeldAdvisoryLock"/>).</param>
    public static HeldAdvisoryLock Acquire(string connectionString, string sweepId, TimeSpan? checkEvery = null)
    {
        long key = KeyOf(sweepId);
        var holder = SweepLockHolder.Current();
        string dedicated = PostgreSqlJournalPreflight.ShortLived(connectionString, holder.ToApplicationName());
        var connection = new NpgsqlConnection(dedicated);
        try
        {
            connection.Open();
            if (TryTake(connection, key)) return new HeldAdvisoryLock(connection, key, dedicated, checkEvery);
            string known = DescribeHolder(connection, key);
            throw new SweepLockedException(SweepLock.Refusal(sweepId, known));
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            connection.Dispose();
            throw PostgreSqlConnectionFailure.Describe(e, dedicated, PostgreSqlJournalPreflight.TimeoutSeconds);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>pg_try_advisory_lock on <paramref name="connection"/>'s session.</summary>
    internal static bool TryTake(NpgsqlConnection connection, long key)
    {
        using var take = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", connection);
        take.Parameters.AddWithValue("key", key);
        return take.ExecuteScalar() is true;
    }

    /// <summary>The holder from its session's application name, else what the server shows of that session.</summary>
    internal static string DescribeHolder(NpgsqlConnection connection, long key)
    {
        try
        {
            using var query = new NpgsqlCommand("""
                SELECT a.application_name, a.pid, host(a.client_addr), a.backend_start
                FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid
                WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
                  AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                  AND l.classid::bigint = @high AND l.objid::bigint = @low
                LIMIT 1
                """, connection);
            query.Parameters.AddWithValue("high", (key >> 32) & 0xFFFFFFFFL);
            query.Parameters.AddWithValue("low", key & 0xFFFFFFFFL);
            using var row = query.ExecuteReader();
            if (!row.Read()) return "another session (it ended or is not visible to this user)";
            string? applicationName = row.IsDBNull(0) ? null : row.GetString(0);
            if (SweepLockHolder.FromApplicationName(applicationName) is { } holder) return holder.Describe();
            string from = row.IsDBNull(2) ? "" : $" from {row.GetString(2)}";
            string since = row.IsDBNull(3) ? "" : $" since {row.GetDateTime(3).ToUniversalTime():yyyy-MM-ddTHH:mm:ssZ}";
            string name = string.IsNullOrEmpty(applicationName) ? "" : $" ({applicationName})";
            return $"PostgreSQL session pid {row.GetInt32(1)}{from}{since}{name}";
        }
        catch (Exception e) when (e is NpgsqlException or InvalidCastException)
        {
            return $"another session (its details could not be read: {e.Message})";
        }
    }
}
