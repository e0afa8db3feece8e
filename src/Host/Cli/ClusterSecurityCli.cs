using System.CommandLine;
using System.Net;
using ActorPipeline.Host.Cluster;
using ActorPipeline.Host.Cluster.Tls;

namespace ActorPipeline.Host.Cli;

/// <summary>
/// `--tls <folder>` and `--insecure`, for `sweep --cluster-listen` and `worker`: a node that listens on anything but
/// loopback speaks mutual TLS, or says explicitly that it need not (a trusted, isolated network). Loopback works without
/// either, as the quick start and the tests need.
/// </summary>
internal sealed class ClusterSecurityCli
{
    private readonly Option<string?> _tls = new("--tls") { Description = "A TLS folder (from `actorpipeline tls init` or `tls node`): every cluster link is mutual TLS against its CA; nodes of another CA, or without TLS, cannot join." };
    private readonly Option<bool> _insecure = new("--insecure") { Description = "Listen on a non-loopback address without TLS (clear text; any process that reaches the port can join). Only on a trusted, isolated network." };

    public void AddTo(Command command)
    {
        command.Options.Add(_tls);
        command.Options.Add(_insecure);
    }

    /// <summary>The node's TLS (null: clear text), after the rule above; the error names the option and the way out.</summary>
    public ClusterTls? Resolve(ParseResult parse, ClusterEndpoint listen, string listenOption, TextWriter output)
    {
        string? folder = parse.GetValue(_tls);
        bool insecure = parse.GetValue(_insecure);
        if (folder is not null && insecure) throw new ArgumentException("--tls and --insecure contradict each other: give one.");
        if (folder is not null) return ClusterTls.Load(folder, new TlsRefusals(output));
        if (!insecure && !IsLoopback(listen.Host))
            throw new ArgumentException($"{listenOption} {listen} is reachable from other machines, and without TLS any process there could join the sweep and report results: pass --tls <folder> (make one with `actorpipeline tls init --out <folder>`), or --insecure on a trusted, isolated network.");
        return null;
    }

    public static bool IsLoopback(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
}
