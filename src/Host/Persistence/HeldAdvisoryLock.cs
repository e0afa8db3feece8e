using Npgsql;

namespace ActorPipeline.Host.Persistence;

/// <summary>
/// A sweep's advisory lock while the sweep runs. The lock lives in a PostgreSQL session, so a database restart ends it
/// silently: this keeper checks its session every <see cref="CheckEvery"/> and, once the database answers again, takes
/// the lock again on a new session. If another holder took it in between (a second coordinator started during the outage),
/// the sweep must stop: <see cref="TakenByAnother"/> completes with that holder. Checks run on a timer thread, one at a time.
/// </summary>
public sealed class HeldAdvisoryLock : IDisposable
{
    public static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(10);

    private readonly long _key;
    private readonly string _connectionString;
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource<string> _takenByAnother = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Timer? _timer;
    private NpgsqlConnection? _connection;
    private Action<string> _notice = _ => { };
    private DateTime? _lostAt;
    private bool _disposed;

    /// <param name="checkEvery">null: <see cref="CheckEvery"/>; <see cref="Timeout.InfiniteTimeSpan"/>: only when <see cref="Check"/> is called (tests).</param>
    internal HeldAdvisoryLock(NpgsqlConnection connection, long key, string connectionString, TimeSpan? checkEvery = null)
    {
        _connection = connection;
        _key = key;
        _connectionString = connectionString;
        var every = checkEvery ?? CheckEvery;
        if (every != Timeout.InfiniteTimeSpan) _timer = new Timer(_ => Check(), null, every, every);
    }

    /// <summary>Completes with a description of the holder when the lock, lost with its session, was taken by another.</summary>
    public Task<string> TakenByAnother => _takenByAnother.Task;

    /// <summary>Whether this process holds the lock now (false between a lost session and the lock taken again).</summary>
    public bool Held
    {
        get { lock (_gate) return _connection is not null; }
    }

    /// <summary>Where lines go when the lock is lost with its session and when it is taken again.</summary>
    public void OnNotice(Action<string> notice) => _notice = notice;

    /// <summary>One check: is the session alive; if not, can the lock be taken again. Never throws.</summary>
    public void Check()
    {
        if (!_gate.TryEnter()) return; // the previous check still runs (a slow network): this one would only wait
        try
        {
            if (_disposed || _takenByAnother.Task.IsCompleted) return;
            if (_connection is not null)
            {
                if (Alive(_connection)) return;
                _connection.Dispose();
                _connection = null;
                _lostAt = DateTime.Now;
                _notice($"sweep lock: its database session ended (a database restart?); taking it again when the database answers");
            }
            Retake();
        }
        finally
        {
            _gate.Exit();
        }
    }

    private void Retake()
    {
        var connection = new NpgsqlConnection(_connectionString);
        try
        {
            connection.Open();
            if (SweepAdvisoryLock.TryTake(connection, _key))
            {
                _connection = connection;
                _notice($"sweep lock: taken again (it was lost with its session at {_lostAt:HH:mm:ss})");
                return;
            }
            string holder = SweepAdvisoryLock.DescribeHolder(connection, _key);
            connection.Dispose();
            _notice($"sweep lock: taken by {holder} while this process's session was gone; this process stops");
            _takenByAnother.TrySetResult(holder);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            connection.Dispose(); // the database is not back yet: the next check tries again
        }
    }

    private static bool Alive(NpgsqlConnection connection)
    {
        try
        {
            using var ping = new NpgsqlCommand("SELECT 1", connection);
            ping.ExecuteScalar();
            return true;
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException or IOException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        _timer?.Dispose();
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            if (_connection is null) return;
            try
            {
                using var release = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", _connection);
                release.Parameters.AddWithValue("key", _key);
                release.ExecuteScalar();
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
            {
                // The connection is gone, and with it the lock.
            }
            _connection.Dispose();
        }
    }
}
