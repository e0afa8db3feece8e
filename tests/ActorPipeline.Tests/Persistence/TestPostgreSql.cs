using ActorPipeline.Host.Persistence;
using ActorPipeline.Tests.Actors;
using Npgsql;
using ActorPipeline.Actors.Observers;
using ActorPipeline.Actors.Sweeps;
using ActorPipeline.Host.Configuration;
using ActorPipeline.Host.Hosting;
using ActorPipeline.Host.Planning;

namespace ActorPipeline.Tests.Persistence;

/// <summary>The CI server ($ACTORPIPELINE_TEST_PG, password in $ACTORPIPELINE_PG_PASSWORD) as journal settings, as is or altered.</summary>
internal static class TestPostgreSql
{
    public static string ConnectionString => Environment.GetEnvironmentVariable(FactWhenPostgreSqlAttribute.Variable)!;

    public static string? Password => Environment.GetEnvironmentVariable(new PersistenceConfig().PasswordEnv);

    public static JournalSettings Journal(string folder) =>
        JournalSettings.From(new PersistenceConfig { Provider = "postgresql", ConnectionString = ConnectionString }, folder);

    /// <summary>Journal settings for a connection string built from the CI server's, changed by <paramref name="change"/>.</summary>
    public static JournalSettings Altered(Action<NpgsqlConnectionStringBuilder> change)
    {
        var builder = new NpgsqlConnectionStringBuilder(Journal(Path.GetTempPath()).ConnectionString);
        change(builder);
        return new JournalSettings(JournalSettings.PostgreSqlProvider, builder.ConnectionString, $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database}");
    }

    /// <summary>Journal settings for any server, without password (as a user would give them).</summary>
    public static JournalSettings At(string host, int port, string database = "x", string user = "y") =>
        new(JournalSettings.PostgreSqlProvider, $"Host={host};Port={port};Database={database};Username={user}", $"PostgreSQL {host}:{port}/{database}");
}
