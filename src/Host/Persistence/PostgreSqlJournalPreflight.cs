using System.Net.Sockets;
using Npgsql;

namespace ActorPipeline.Host.Persistence;

/// <summary>
/// PostgreSQL half of <see cref="JournalPreflight"/>: one unpooled connection with a short timeout runs `SELECT 1`;
/// any failure becomes the one line of <see cref="PostgreSqlConnectionFailure"/>.
/// </summary>
public static class PostgreSqlJournalPreflight
{
    public const int TimeoutSeconds = 5;

    /// <param name="connectionString">The journal's connection string (with the password from the environment).</param>
    /// <param name="cancellation">The caller's: cancelling it cancels the check (no error line).</param>
    /// <param name="limit">Also cancelled when the overall time limit is reached: that counts as no answer.</param>
    public static async Task CheckAsync(string connectionString, CancellationToken cancellation, CancellationToken limit)
    {
        var shortLived = ShortLived(connectionString, "actorpipeline preflight");
        try
        {
            await using var connection = new NpgsqlConnection(shortLived);
            await connection.OpenAsync(limit);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(limit);
        }
        catch (Exception e) when (!cancellation.IsCancellationRequested && e is NpgsqlException or SocketException or TimeoutException or OperationCanceledException)
        {
            throw PostgreSqlConnectionFailure.Describe(e, shortLived, TimeoutSeconds);
        }
    }

    /// <summary>The connection string with a short connect and command timeout, no pooling, and the given application name.</summary>
    public static string ShortLived(string connectionString, string applicationName) => new NpgsqlConnectionStringBuilder(connectionString)
    {
        Timeout = TimeoutSeconds,
        CommandTimeout = TimeoutSeconds,
        Pooling = false,
        ApplicationName = applicationName,
    }.ConnectionString;
}
