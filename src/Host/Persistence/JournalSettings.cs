using Akka.Configuration;
using Npgsql;

namespace ActorPipeline.Host.Persistence;

/// <summary>
/// The Akka.Persistence.Sql journal and snapshot store for a sweep: an SQLite file in the output folder by
/// default, or PostgreSQL with the password taken from an environment variable (never from a file).
/// </summary>
public sealed record JournalSettings(string ProviderName, string ConnectionString, string Description)
{
    public const string SqliteProvider = "SQLite.MS";
    public const string PostgreSqlProvider = "PostgreSQL.15";

    public static JournalSettings From(Configuration.PersistenceConfig config, string outputFolder)
    {
        if (config.Provider == "postgresql")
        {
            var builder = new NpgsqlConnectionStringBuilder(config.ConnectionString);
            var password = Environment.GetEnvironmentVariable(config.PasswordEnv);
            if (!string.IsNullOrEmpty(password)) builder.Password = password;
            var shown = new NpgsqlConnectionStringBuilder(config.ConnectionString) { Password = null };
            return new JournalSettings(PostgreSqlProvider, builder.ConnectionString, $"PostgreSQL {shown.Host}:{shown.Port}/{shown.Database}");
        }
        var file = Path.GetFullPath(config.ConnectionString ?? Path.Combine(outputFolder, "journal.db"));
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        return new JournalSettings(SqliteProvider, $"Data Source={file}", $"SQLite {file}");
    }

    public Config ToHocon()
    {
        string connection = ConnectionString.Replace("\\", "\\\\").Replace("\"", "\\\"");
        return ConfigurationFactory.ParseString($$"""
            akka.persistence {
              journal {
                plugin = "akka.persistence.journal.sql"
                sql { connection-string = "{{connection}}", provider-name = "{{ProviderName}}", auto-initialize = true }
              }
              snapshot-store {
                plugin = "akka.persistence.snapshot-store.sql"
                sql { connection-string = "{{connection}}", provider-name = "{{ProviderName}}", auto-initialize = true }
              }
            }
            """).WithFallback(Akka.Persistence.Sql.SqlPersistence.DefaultConfiguration);
    }
}
