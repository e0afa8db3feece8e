using System.Net.Sockets;
using Npgsql;

namespace ActorPipeline.Host.Persistence;

/// <summary>
/// Turns a failed PostgreSQL connection into one line that names the server and what to fix: no answer in time,
/// connection refused, unknown host, failed login, missing database. The password is never part of it.
/// </summary>
public static class PostgreSqlConnectionFailure
{
    private const string PasswordHint = "set ACTORPIPELINE_PG_PASSWORD (or the variable named by persistence.password_env)";

    /// <param name="failure">What opening the connection (or its first command) threw.</param>
    /// <param name="connectionString">The connection string that was used (only host, port, user and database are read).</param>
    /// <param name="timeoutSeconds">The connection timeout that applied.</param>
    public static JournalUnavailableException Describe(Exception failure, string connectionString, int timeoutSeconds)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        string server = $"PostgreSQL {target.Host}:{target.Port}";
        string user = target.Username ?? Environment.UserName;
        string message = Find<PostgresException>(failure) is { } refusal
            ? DescribeServerRefusal(refusal, server, user, target.Database ?? user)
            : Find<SocketException>(failure)?.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => $"{server}: connection refused: is the server running and listening on that port?",
                SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData =>
                    $"{server}: host {target.Host} not found: check Host in the connection string.",
                SocketError.TimedOut or SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.HostDown =>
                    NoAnswer(server, timeoutSeconds),
                _ when Find<TimeoutException>(failure) is not null || failure is OperationCanceledException => NoAnswer(server, timeoutSeconds),
                _ when failure is NpgsqlException && failure.Message.Contains("No password has been provided", StringComparison.OrdinalIgnoreCase) =>
                    $"{server}: the server asks a password for user {user} and none was given: {PasswordHint}.",
                _ => $"{server}: cannot connect: {failure.Message}",
            };
        return new JournalUnavailableException(message, failure);
    }

    private static string NoAnswer(string server, int timeoutSeconds) =>
        $"no answer from {server} within {timeoutSeconds} s: is the host up and the port open?";

    private static string DescribeServerRefusal(PostgresException refusal, string server, string user, string database) => refusal.SqlState switch
    {
        PostgresErrorCodes.InvalidPassword => $"{server}: password authentication failed for user {user}: {PasswordHint}",
        PostgresErrorCodes.InvalidAuthorizationSpecification =>
            $"{server}: login refused for user {user} ({refusal.MessageText}): check the user and the server's pg_hba.conf, and {PasswordHint}",
        PostgresErrorCodes.InvalidCatalogName => $"{server}: database \"{database}\" does not exist: create it (createdb -O {user} {database})",
        PostgresErrorCodes.CannotConnectNow => $"{server}: the server is starting up or shutting down ({refusal.MessageText}): try again in a moment.",
        PostgresErrorCodes.TooManyConnections => $"{server}: too many connections ({refusal.MessageText}): stop idle clients or raise max_connections.",
        _ => $"{server}: {refusal.MessageText} (SQLSTATE {refusal.SqlState})",
    };

    private static T? Find<T>(Exception? failure) where T : Exception
    {
        for (var e = failure; e is not null; e = e.InnerException)
            if (e is T found) return found;
        return null;
    }
}
