namespace ActorPipeline.Host.Cluster.Tls;

/// <summary>
/// Where a node reports the peers its TLS refused: one line per peer host and reason, not one per attempt (a refused
/// worker retries every few seconds; the terminal must stay readable over a days-long sweep). Called on transport threads.
/// </summary>
public sealed class TlsRefusals(TextWriter output, TimeSpan? repeatAfter = null)
{
    /// <summary>How long after a certificate refusal the same peer's failed handshake is that refusal, not news.</summary>
    private static readonly TimeSpan SameHandshake = TimeSpan.FromSeconds(5);

    private readonly TimeSpan _repeatAfter = repeatAfter ?? TimeSpan.FromMinutes(10);
    private readonly Dictionary<(string Host, string Reason), DateTime> _reported = new();
    private readonly Dictionary<string, DateTime> _certificateRefused = new();
    private readonly Lock _lock = new();

    /// <summary>Every refusal, reported or not.</summary>
    public int Count { get; private set; }

    /// <summary>A peer's certificate was refused (<paramref name="peer"/>: host:port as the transport names it).</summary>
    public void Refuse(string? peer, string reason)
    {
        lock (_lock)
        {
            if (peer is not null)
            {
                // Each retry comes from a new port: forget the ones whose handshake warning has come or never will.
                var now = DateTime.UtcNow;
                foreach (var stale in _certificateRefused.Where(r => now - r.Value >= SameHandshake).Select(r => r.Key).ToList()) _certificateRefused.Remove(stale);
                _certificateRefused[peer] = now;
            }
            Report(peer, reason);
        }
    }

    /// <summary>
    /// The transport rejected a connection whose TLS handshake failed. Unless that was a certificate this node refused, the
    /// peer did not speak this cluster's TLS: a node without --tls, or not a node at all (a port scan, an HTTP client).
    /// </summary>
    public void HandshakeFailed(string peer)
    {
        lock (_lock)
        {
            if (_certificateRefused.Remove(peer, out var refusedAt) && DateTime.UtcNow - refusedAt < SameHandshake) return;
            Report(peer, "its TLS handshake failed (a node without --tls, a node whose own TLS refused this one, or not a node at all; details in the log)");
        }
    }

    public void Warn(string message)
    {
        lock (_lock) output.WriteLine($"{DateTime.Now:HH:mm:ss} TLS: {message}");
    }

    private void Report(string? peer, string reason)
    {
        Count++;
        var key = (HostOf(peer), reason);
        var now = DateTime.UtcNow;
        if (_reported.TryGetValue(key, out var last) && now - last < _repeatAfter) return;
        _reported[key] = now;
        output.WriteLine($"{DateTime.Now:HH:mm:ss} TLS: refused a connection{(peer is null ? "" : $" from {peer}")}: {reason}");
    }

    /// <summary>The host of "[::ffff:10.0.0.2]:40312" or "10.0.0.2:40312": a retry comes from a new port, not a new peer.</summary>
    public static string HostOf(string? peer)
    {
        if (peer is null) return "?";
        int colon = peer.LastIndexOf(':');
        int bracket = peer.LastIndexOf(']');
        return colon > bracket && colon > 0 ? peer[..colon] : peer;
    }
}
