using System.CommandLine;
using ActorPipeline.Host.Cli;
using ActorPipeline.Host.Cluster.Tls;

namespace ActorPipeline.Host.Commands;

/// <summary>
/// `tls init` and `tls node`: the certificates a cluster's mutual TLS needs, made with .NET's X509 APIs (no openssl).
/// Nothing secret is printed; keys are written owner-only and never over an existing file.
/// </summary>
internal static class TlsCommand
{
    public static Command Create()
    {
        var command = new Command("tls", "Certificates for a cluster's mutual TLS: `tls init` makes a CA and a node certificate, `tls node` more node certificates.");
        command.Subcommands.Add(Init());
        command.Subcommands.Add(Node());
        return command;
    }

    private static Option<string[]> HostsOption() => new("--host")
    {
        Description = "A host name or address the node certificate names (repeatable; default: this machine's name, localhost, 127.0.0.1). Not checked by the nodes, which trust the CA; for tools like openssl s_client.",
        AllowMultipleArgumentsPerToken = true,
    };

    private static Command Init()
    {
        var output = new Option<string>("--out") { Description = "The folder to create (ca.crt, ca.key, node.crt, node.key). Give every node of the cluster a copy without ca.key, or its own `tls node` folder.", Required = true };
        var name = new Option<string>("--name") { Description = "The cluster's name in the certificates' subjects.", DefaultValueFactory = _ => "actorpipeline" };
        var hosts = HostsOption();
        var command = new Command("init", "Make a certificate authority for one cluster and a node certificate it signs.") { output, name, hosts };
        command.SetAction(parse => CliErrors.RunAsync(() =>
        {
            string folder = Path.GetFullPath(parse.GetValue(output)!);
            string fingerprint = ClusterCertificates.CreateCluster(folder, Name(parse.GetValue(name)!), Hosts(parse.GetValue(hosts)));
            Console.WriteLine($"wrote {folder}: {TlsFolder.AuthorityCertificate}, {TlsFolder.AuthorityKey} (0600), {TlsFolder.NodeCertificate}, {TlsFolder.NodeKey} (0600)");
            Console.WriteLine($"CA fingerprint (SHA-256) {fingerprint}");
            Console.WriteLine($"use it: sweep … --cluster-listen HOST:PORT --tls {folder}; workers: worker … --tls <a copy of it, or a `tls node --ca {folder}` folder>");
            Console.WriteLine($"keep {TlsFolder.AuthorityKey} off the workers: it issues certificates that every node of this cluster trusts.");
            return Task.FromResult(0);
        }));
        return command;
    }

    private static Command Node()
    {
        var authority = new Option<string>("--ca") { Description = "The folder `tls init` made (its ca.crt and ca.key).", Required = true };
        var output = new Option<string>("--out") { Description = "The folder to create for the node (ca.crt, node.crt, node.key; no CA key).", Required = true };
        var name = new Option<string>("--name") { Description = "The node's name in its certificate's subject.", DefaultValueFactory = _ => "actorpipeline node" };
        var hosts = HostsOption();
        var command = new Command("node", "Issue another node certificate from a cluster's CA (one per machine, so that one can be replaced alone).") { authority, output, name, hosts };
        command.SetAction(parse => CliErrors.RunAsync(() =>
        {
            string folder = Path.GetFullPath(parse.GetValue(output)!);
            ClusterCertificates.CreateNode(Path.GetFullPath(parse.GetValue(authority)!), folder, Name(parse.GetValue(name)!), Hosts(parse.GetValue(hosts)));
            Console.WriteLine($"wrote {folder}: {TlsFolder.AuthorityCertificate}, {TlsFolder.NodeCertificate}, {TlsFolder.NodeKey} (0600)");
            return Task.FromResult(0);
        }));
        return command;
    }

    private static IReadOnlyList<string> Hosts(string[]? given) => given is { Length: > 0 } ? given : ClusterCertificates.DefaultHosts();

    /// <summary>A subject's CN: plain text, so that no character can change the distinguished name's structure.</summary>
    private static string Name(string name) =>
        name.Length is > 0 and <= 64 && name.All(c => char.IsLetterOrDigit(c) || c is ' ' or '-' or '_' or '.')
            ? name
            : throw new ArgumentException($"--name '{name}': use 1-64 letters, digits, spaces, '-', '_' or '.'.");
}
