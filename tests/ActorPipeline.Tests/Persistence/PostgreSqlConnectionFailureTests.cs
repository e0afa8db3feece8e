using System.Net.Sockets;
using ActorPipeline.Host.Persistence;
using Npgsql;

namespace ActorPipeline.Tests.Persistence;

/// <summary>Each way a PostgreSQL connection fails becomes one line naming the server and the fix, without the password.</summary>
public sealed class PostgreSqlConnectionFailureTests
{
    private const string Target = "Host=10.1.2.3;Port=5432;Database=sweeps;Username=actorpipeline;Password=s3cret-Pw";

    [Fact]
    public void A_timeout_is_no_answer_within_the_timeout()
    {
        var failure = new NpgsqlException("The operation has timed out", new TimeoutException("The operation has timed out."));
        Assert.Equal("no answer from PostgreSQL 10.1.2.3:5432 within 5 s: is the host up and the port open?",
            PostgreSqlConnectionFailure.Describe(failure, Target, 5).Message);
    }

    [Fact]
    public void A_cancelled_open_and_an_unreachable_network_are_no_answer_too()
    {
        Assert.StartsWith("no answer from PostgreSQL 10.1.2.3:5432 within 5 s", PostgreSqlConnectionFailure.Describe(new OperationCanceledException(), Target, 5).Message);
        var unreachable = new NpgsqlException("Failed to connect to 10.1.2.3:5432", new SocketException((int)SocketError.NetworkUnreachable));
        Assert.StartsWith("no answer from PostgreSQL 10.1.2.3:5432 within 5 s", PostgreSqlConnectionFailure.Describe(unreachable, Target, 5).Message);
    }

    [Fact]
    public void A_refused_connection_asks_whether_the_server_runs()
    {
        var failure = new NpgsqlException("Failed to connect to 127.0.0.1:55433", new SocketException((int)SocketError.ConnectionRefused));
        Assert.Equal("PostgreSQL 127.0.0.1:55433: connection refused: is the server running and listening on that port?",
            PostgreSqlConnectionFailure.Describe(failure, "Host=127.0.0.1;Port=55433;Database=x;Username=y", 5).Message);
    }

    [Fact]
    public void An_unknown_host_is_named()
    {
        var failure = new NpgsqlException("Name or service not known", new SocketException((int)SocketError.HostNotFound));
        Assert.Equal("PostgreSQL db.invalid:5432: host db.invalid not found: check Host in the connection string.",
            PostgreSqlConnectionFailure.Describe(failure, "Host=db.invalid;Database=x;Username=y", 5).Message);
    }

    [Fact]
    public void A_wrong_password_names_the_user_and_the_variable_never_the_password()
    {
        var failure = new PostgresException("password authentication failed for user \"actorpipeline\"", "FATAL", "FATAL", PostgresErrorCodes.InvalidPassword);
        var message = PostgreSqlConnectionFailure.Describe(failure, Target, 5).Message;
        Assert.Equal("PostgreSQL 10.1.2.3:5432: password authentication failed for user actorpipeline: set ACTORPIPELINE_PG_PASSWORD (or the variable named by persistence.password_env)", message);
        Assert.DoesNotContain("s3cret-Pw", message);
    }

    [Fact]
    public void A_refused_login_28000_names_the_user_and_the_server_reason()
    {
        var failure = new PostgresException("no pg_hba.conf entry for host \"10.0.0.9\", user \"actorpipeline\", database \"sweeps\", no encryption", "FATAL", "FATAL", PostgresErrorCodes.InvalidAuthorizationSpecification);
        var message = PostgreSqlConnectionFailure.Describe(failure, Target, 5).Message;
        Assert.StartsWith("PostgreSQL 10.1.2.3:5432: login refused for user actorpipeline (no pg_hba.conf entry", message);
        Assert.EndsWith("set ACTORPIPELINE_PG_PASSWORD (or the variable named by persistence.password_env)", message);
        Assert.DoesNotContain("s3cret-Pw", message);
    }

    [Fact]
    public void No_password_at_all_asks_for_the_variable()
    {
        var failure = new NpgsqlException("No password has been provided but the backend requires one (in SASL/SCRAM-SHA-256)");
        Assert.Equal("PostgreSQL 10.1.2.3:5432: the server asks a password for user actorpipeline and none was given: set ACTORPIPELINE_PG_PASSWORD (or the variable named by persistence.password_env).",
            PostgreSqlConnectionFailure.Describe(failure, Target, 5).Message);
    }

    [Fact]
    public void A_missing_database_says_how_to_create_it()
    {
        var failure = new PostgresException("database \"sweeps\" does not exist", "FATAL", "FATAL", PostgresErrorCodes.InvalidCatalogName);
        Assert.Equal("PostgreSQL 10.1.2.3:5432: database \"sweeps\" does not exist: create it (createdb -O actorpipeline sweeps)",
            PostgreSqlConnectionFailure.Describe(failure, Target, 5).Message);
    }

    [Fact]
    public void Any_other_server_error_keeps_its_text_and_code_on_one_line()
    {
        var failure = new PostgresException("sorry, too many clients already", "FATAL", "FATAL", PostgresErrorCodes.TooManyConnections);
        var message = PostgreSqlConnectionFailure.Describe(failure, Target, 5).Message;
        Assert.StartsWith("PostgreSQL 10.1.2.3:5432: too many connections", message);
        Assert.DoesNotContain('\n', message);
    }
}
