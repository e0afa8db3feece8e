using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ActorPipeline.Host.Cluster.Tls;

/// <summary>
/// Makes what mutual TLS between a sweep's nodes needs, with .NET's own X509 APIs (no openssl): a certificate authority of
/// the cluster's own, and node certificates it signs. A node accepts a peer whose certificate chains to that CA and to
/// nothing else; host names are not checked (nodes move between machines and SLURM allocations), so every SAN is a courtesy
/// for tools like `openssl s_client`. ECDSA P-256 keys: small, fast handshakes, supported by every TLS 1.2/1.3 stack.
/// </summary>
public static class ClusterCertificates
{
    public static readonly TimeSpan AuthorityLifetime = TimeSpan.FromDays(3650);
    public static readonly TimeSpan NodeLifetime = TimeSpan.FromDays(825);

    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");

    /// <summary>`tls init`: a new CA and one node certificate in <paramref name="folder"/> (created; existing files are never overwritten).</summary>
    /// <returns>The CA's SHA-256 fingerprint, to compare across machines.</returns>
    public static string CreateCluster(string folder, string clusterName, IReadOnlyList<string> nodeHosts)
    {
        Directory.CreateDirectory(folder);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={clusterName} CA, O=ActorPipeline"), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        var now = DateTimeOffset.UtcNow;
        using var authority = request.CreateSelfSigned(now.AddMinutes(-5), now.Add(AuthorityLifetime));

        TlsFolder.WriteNew(Path.Combine(folder, TlsFolder.AuthorityKey), key.ExportPkcs8PrivateKeyPem(), secret: true);
        TlsFolder.WriteNew(Path.Combine(folder, TlsFolder.AuthorityCertificate), authority.ExportCertificatePem(), secret: false);
        IssueNode(authority, key, folder, $"{clusterName} node", nodeHosts);
        return Fingerprint(authority);
    }

    /// <summary>`tls node`: a node certificate signed by the CA in <paramref name="authorityFolder"/>, with the CA certificate (not its key) into <paramref name="folder"/>.</summary>
    public static void CreateNode(string authorityFolder, string folder, string nodeName, IReadOnlyList<string> nodeHosts)
    {
        using var authority = X509Certificate2.CreateFromPem(TlsFolder.ReadCertificate(Path.Combine(authorityFolder, TlsFolder.AuthorityCertificate)));
        using var key = ECDsa.Create();
        key.ImportFromPem(TlsFolder.ReadKey(Path.Combine(authorityFolder, TlsFolder.AuthorityKey)));
        Directory.CreateDirectory(folder);
        TlsFolder.WriteNew(Path.Combine(folder, TlsFolder.AuthorityCertificate), authority.ExportCertificatePem(), secret: false);
        IssueNode(authority, key, folder, nodeName, nodeHosts);
    }

    /// <summary>SHA-256 of the certificate, as hex pairs: what a user compares to know two folders belong to one cluster.</summary>
    public static string Fingerprint(X509Certificate2 certificate) =>
        Convert.ToHexString(certificate.GetCertHash(HashAlgorithmName.SHA256)).Chunk(2).Select(pair => new string(pair)).Aggregate((a, b) => $"{a}:{b}");

    private static void IssueNode(X509Certificate2 authority, ECDsa authorityKey, string folder, string nodeName, IReadOnlyList<string> hosts)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={nodeName}, O=ActorPipeline"), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyAgreement, critical: true));
        // Every node is both: it accepts connections (server) and opens them (client).
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([ServerAuthentication, ClientAuthentication], critical: false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        var names = new SubjectAlternativeNameBuilder();
        foreach (var host in hosts.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (IPAddress.TryParse(host, out var address)) names.AddIpAddress(address);
            else names.AddDnsName(host);
        }
        request.CertificateExtensions.Add(names.Build());

        var now = DateTimeOffset.UtcNow;
        var notAfter = now.Add(NodeLifetime) < authority.NotAfter ? now.Add(NodeLifetime) : new DateTimeOffset(authority.NotAfter.ToUniversalTime());
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F; // a positive serial number, as RFC 5280 asks
        using var node = request.Create(authority.SubjectName, X509SignatureGenerator.CreateForECDsa(authorityKey), now.AddMinutes(-5), notAfter, serial);
        TlsFolder.WriteNew(Path.Combine(folder, TlsFolder.NodeKey), key.ExportPkcs8PrivateKeyPem(), secret: true);
        TlsFolder.WriteNew(Path.Combine(folder, TlsFolder.NodeCertificate), node.ExportCertificatePem(), secret: false);
    }

    /// <summary>The host names and addresses a node certificate names by default: this machine's name, localhost and loopback.</summary>
    public static IReadOnlyList<string> DefaultHosts() => [Environment.MachineName, "localhost", "127.0.0.1", "::1"];
}
