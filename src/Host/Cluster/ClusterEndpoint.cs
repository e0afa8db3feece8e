using System.Globalization;

namespace ActorPipeline.Host.Cluster;

/// <summary>A HOST:PORT of a cluster node (what --cluster-listen, --join and --listen take).</summary>
public sealed record ClusterEndpoint(string Host, int Port)
{
    /// <summary>Parses HOST:PORT (PORT 0: any free port); the error names the option and shows the form.</summary>
    public static ClusterEndpoint Parse(string text, string option)
    {
        int colon = text.LastIndexOf(':');
        if (colon <= 0 || colon == text.Length - 1)
            throw new ArgumentException($"{option} takes HOST:PORT (e.g. 127.0.0.1:4053), not '{text}'.");
        string host = text[..colon].Trim('[', ']');
        if (!int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port > 65535)
            throw new ArgumentException($"{option}: '{text[(colon + 1)..]}' is not a port (0-65535).");
        return new ClusterEndpoint(host, port);
    }

    public override string ToString() => $"{Host}:{Port}";
}
