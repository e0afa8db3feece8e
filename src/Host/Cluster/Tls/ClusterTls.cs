using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Akka.Event;
using Akka.Remote.Transport.DotNetty;

namespace ActorPipeline.Host.Cluster.Tls;

/// <summary>
/// A node's mutual TLS (`--tls <folder>`): the certificate it presents and the cluster CA it trusts. A peer is accepted
/// only if its certificate chains to that CA (pinned by thumbprint, not the system's trust store: a certificate from any
/// public CA is refused); each refusal is reported in one line (<see cref="TlsRefusals"/>), and the node keeps running.
/// </summary>
public sealed class ClusterTls
{
    private ClusterTls(string folder, X509Certificate2 nodeCertificate, X509Certificate2 authority, TlsRefusals refusals)
    {
        Folder = folder;
        NodeCertificate = nodeCertificate;
        Authority = authority;
        Refusals = refusals;
    }

    public string Folder { get; }

    /// <summary>With its private key.</summary>
    public X509Certificate2 NodeCertificate { get; }

    public X509Certificate2 Authority { get; }

    public TlsRefusals Refusals { get; }

    /// <summary>Reads a TLS folder; the error names the file and what to do.</summary>
    public static ClusterTls Load(string folder, TlsRefusals refusals)
    {
        folder = Path.GetFullPath(folder);
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"--tls {folder} does not exist: make it with `actorpipeline tls init --out {folder}`.");
        var authority = X509Certificate2.CreateFromPem(TlsFolder.ReadCertificate(Path.Combine(folder, TlsFolder.AuthorityCertificate)));
        string nodeCertificatePath = Path.Combine(folder, TlsFolder.NodeCertificate);
        using var pem = X509Certificate2.CreateFromPem(TlsFolder.ReadCertificate(nodeCertificatePath), TlsFolder.ReadKey(Path.Combine(folder, TlsFolder.NodeKey)));
        // Through PKCS#12 in memory: a key imported from PEM is ephemeral, and TLS stacks want a persisted-style key handle.
        var node = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), password: null);
        if (TlsPeerCheck.Check(node, authority) is { } problem)
            throw new InvalidOperationException($"{nodeCertificatePath} is not a node certificate of the CA in {TlsFolder.AuthorityCertificate}: {problem}. Make the folder again with `tls init`, or `tls node --ca <the CA's folder>`.");
        if (node.NotAfter.ToUniversalTime() < DateTime.UtcNow.AddDays(14))
            refusals.Warn($"{nodeCertificatePath} expires on {node.NotAfter.ToUniversalTime():yyyy-MM-dd}: issue a new one with `tls node`");
        return new ClusterTls(folder, node, authority, refusals);
    }

    /// <summary>Akka.Remote's validation hook: the chain check against this cluster's CA, a line for every refusal.</summary>
    public CertificateValidationCallback Validator => (certificate, _, peer, errors, _) =>
    {
        string? problem = certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable)
            ? "it presented no certificate"
            : TlsPeerCheck.Check(certificate, Authority);
        if (problem is null) return true;
        Refusals.Refuse(peer, problem);
        return false;
    };

    /// <summary>SHA-256 fingerprint of the cluster CA, printed at start so an operator can compare machines.</summary>
    public string AuthorityFingerprint => ClusterCertificates.Fingerprint(Authority);
}
