using System.Net;
using System.Security.Cryptography;

namespace ActorPipeline.Host.Live;

/// <summary>
/// Where the live page listens and who may read it. On by default at 127.0.0.1:<see cref="DefaultPort"/>; a busy port
/// is passed over for the next free one. A non-loopback address needs a token (given, or generated and printed once):
/// the page is read-only, but what a sweep runs is nobody else's business.
/// </summary>
public sealed record LivePageOptions(IPAddress Address, int Port, string? Token, string? TraceUrl)
{
    /// <summary>A finished sweep's folder the page's compare view shows beside this one (`--compare`).</summary>
    public string? CompareWith { get; init; }

    public const int DefaultPort = 8780;

    /// <summary>How many ports after the asked one are tried when it is busy.</summary>
    public const int PortsTried = 20;

    public static LivePageOptions Default { get; } = new(IPAddress.Loopback, DefaultPort, null, null);

    public bool IsLoopback => IPAddress.IsLoopback(Address);

    /// <summary>
    /// `--ui`: "off" (null), HOST:PORT, or PORT (on 127.0.0.1); null or empty: the default. A non-loopback host without
    /// <paramref name="token"/> gets a generated one.
    /// </summary>
    public static LivePageOptions? Parse(string? value, string? token = null, string? traceUrl = null)
    {
        if (traceUrl is not null && !traceUrl.StartsWith("http://", StringComparison.Ordinal) && !traceUrl.StartsWith("https://", StringComparison.Ordinal))
            throw new ArgumentException($"--trace-url '{traceUrl}' must be an http(s) URL template, e.g. http://localhost:16686/search?service=actorpipeline&tags=%7B%22repetition%22%3A%22{{repetition}}%22%7D");
        if (string.Equals(value, "off", StringComparison.OrdinalIgnoreCase)) return null;
        var (address, port) = string.IsNullOrWhiteSpace(value) ? (IPAddress.Loopback, DefaultPort) : ParseEndpoint(value);
        if (token is { Length: < 16 }) throw new ArgumentException("--ui-token must be at least 16 characters.");
        if (!IPAddress.IsLoopback(address)) token ??= Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
        return new LivePageOptions(address, port, token, traceUrl);
    }

    private static (IPAddress, int) ParseEndpoint(string value)
    {
        string host = "127.0.0.1", portText = value;
        int colon = value.LastIndexOf(':');
        if (colon >= 0) (host, portText) = (value[..colon].Trim('[', ']'), value[(colon + 1)..]);
        if (!int.TryParse(portText, out int port) || port is < 1 or > 65535)
            throw new ArgumentException($"--ui '{value}': expected off, PORT or HOST:PORT with a port from 1 to 65535 (e.g. 127.0.0.1:{DefaultPort}).");
        if (host == "localhost") return (IPAddress.Loopback, port);
        if (!IPAddress.TryParse(host, out var address))
            throw new ArgumentException($"--ui '{value}': '{host}' is not an IP address (use 127.0.0.1, 0.0.0.0 or this machine's address).");
        return (address, port);
    }

    /// <summary>The page's address for a person to open (with the token when one is needed).</summary>
    public string Url(int boundPort)
    {
        string host = Address.Equals(IPAddress.Any) ? "127.0.0.1" : Address.ToString();
        if (Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6) host = $"[{host}]";
        return $"http://{host}:{boundPort}/" + (Token is null ? "" : $"?token={Token}");
    }
}
