using System.Security.Cryptography.X509Certificates;
using ActorPipeline.Host.Cluster.Tls;
using ActorPipeline.Tests.Data;

namespace ActorPipeline.Tests.Cluster.Tls;

/// <summary>`tls init` and `tls node`: what they write, with which permissions, and which certificates a node then accepts.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // keys are owner-only files
public sealed class ClusterCertificatesTests
{
    private static ClusterTls Load(string folder, StringWriter? output = null) => ClusterTls.Load(folder, new TlsRefusals(output ?? new StringWriter()));

    [Fact]
    public void Init_writes_a_CA_and_a_node_certificate_with_owner_only_keys_and_the_node_certificate_chains_to_the_CA()
    {
        using var temp = new TempDirectory();
        var folder = temp.File("tls");
        string fingerprint = ClusterCertificates.CreateCluster(folder, "lab", ["10.0.0.1", "gpu-01"]);

        Assert.Equal(["ca.crt", "ca.key", "node.crt", "node.key"], Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(folder, "ca.key")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(folder, "node.key")));
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", File.ReadAllText(Path.Combine(folder, "node.key")));

        var tls = Load(folder);
        Assert.True(tls.NodeCertificate.HasPrivateKey);
        Assert.Equal(fingerprint, tls.AuthorityFingerprint);
        Assert.Equal(95, fingerprint.Length); // 32 bytes as hex pairs with colons
        Assert.Null(TlsPeerCheck.Check(tls.NodeCertificate, tls.Authority));
        Assert.Contains("CN=lab CA", tls.Authority.Subject);
        var constraints = tls.Authority.Extensions.OfType<X509BasicConstraintsExtension>().Single();
        Assert.True(constraints.CertificateAuthority);
        var names = tls.NodeCertificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Contains("gpu-01", names.EnumerateDnsNames());
        Assert.Contains(System.Net.IPAddress.Parse("10.0.0.1"), names.EnumerateIPAddresses());
        var usages = tls.NodeCertificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>().Select(o => o.Value);
        Assert.Equal(["1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"], usages); // server and client: every node is both
    }

    [Fact]
    public void A_node_folder_holds_no_CA_key_and_its_certificate_is_accepted_by_the_CA_folder_and_refused_by_another_cluster()
    {
        using var temp = new TempDirectory();
        var authority = temp.File("ca");
        ClusterCertificates.CreateCluster(authority, "actorpipeline", ClusterCertificates.DefaultHosts());
        ClusterCertificates.CreateNode(authority, temp.File("worker"), "worker 2", ["worker-2"]);
        ClusterCertificates.CreateCluster(temp.File("other"), "actorpipeline", ClusterCertificates.DefaultHosts());

        Assert.False(File.Exists(Path.Combine(temp.File("worker"), "ca.key")));
        var coordinator = Load(authority);
        var worker = Load(temp.File("worker"));
        var stranger = Load(temp.File("other"));
        Assert.Null(TlsPeerCheck.Check(worker.NodeCertificate, coordinator.Authority));
        Assert.Null(TlsPeerCheck.Check(coordinator.NodeCertificate, worker.Authority));

        // Same CA name, other key: refused, and the reason says so (the names alone cannot tell the clusters apart).
        var refusal = TlsPeerCheck.Check(stranger.NodeCertificate, coordinator.Authority);
        Assert.NotNull(refusal);
        Assert.Contains("another CA of the same name", refusal);
        Assert.Contains(coordinator.AuthorityFingerprint[..23], refusal);
        // A CA's own certificate is not a node's: a self-signed certificate of another key is refused too.
        Assert.NotNull(TlsPeerCheck.Check(stranger.Authority, coordinator.Authority));
    }

    [Fact]
    public void The_validator_refuses_a_missing_or_foreign_certificate_in_one_line_per_peer_host_and_accepts_the_cluster()
    {
        using var temp = new TempDirectory();
        ClusterCertificates.CreateCluster(temp.File("ca"), "actorpipeline", ClusterCertificates.DefaultHosts());
        ClusterCertificates.CreateCluster(temp.File("other"), "actorpipeline", ClusterCertificates.DefaultHosts());
        var output = new StringWriter();
        var tls = Load(temp.File("ca"), output);
        var stranger = Load(temp.File("other"));

        Assert.True(tls.Validator(tls.NodeCertificate, null!, "[::ffff:10.0.0.2]:40000", System.Net.Security.SslPolicyErrors.RemoteCertificateChainErrors, null!));
        Assert.False(tls.Validator(stranger.NodeCertificate, null!, "[::ffff:10.0.0.3]:40001", System.Net.Security.SslPolicyErrors.RemoteCertificateChainErrors, null!));
        Assert.False(tls.Validator(stranger.NodeCertificate, null!, "[::ffff:10.0.0.3]:40002", System.Net.Security.SslPolicyErrors.RemoteCertificateChainErrors, null!)); // its retry
        Assert.False(tls.Validator(null!, null!, "[::ffff:10.0.0.4]:40003", System.Net.Security.SslPolicyErrors.RemoteCertificateNotAvailable, null!));

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Contains("refused a connection from [::ffff:10.0.0.3]:40001: its certificate", lines[0]);
        Assert.Contains("from [::ffff:10.0.0.4]:40003: it presented no certificate", lines[1]);
        Assert.Equal(3, tls.Refusals.Count);
    }

    [Fact]
    public void Existing_files_are_never_overwritten_and_a_key_others_can_read_is_refused()
    {
        using var temp = new TempDirectory();
        var folder = temp.File("tls");
        ClusterCertificates.CreateCluster(folder, "actorpipeline", ClusterCertificates.DefaultHosts());
        string key = File.ReadAllText(Path.Combine(folder, "ca.key"));

        var again = Assert.Throws<InvalidOperationException>(() => ClusterCertificates.CreateCluster(folder, "actorpipeline", ClusterCertificates.DefaultHosts()));
        Assert.Contains("ca.key already exists", again.Message);
        Assert.Equal(key, File.ReadAllText(Path.Combine(folder, "ca.key")));

        File.SetUnixFileMode(Path.Combine(folder, "node.key"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var open = Assert.Throws<InvalidOperationException>(() => Load(folder));
        Assert.Contains("node.key can be read by other users (mode 644)", open.Message);
        Assert.Contains("chmod 600", open.Message);

        var missing = Assert.Throws<DirectoryNotFoundException>(() => Load(temp.File("nowhere")));
        Assert.Contains("tls init --out", missing.Message);
    }

    [Fact]
    public void A_node_certificate_of_another_CA_in_the_folder_is_refused_at_load_naming_the_file()
    {
        using var temp = new TempDirectory();
        ClusterCertificates.CreateCluster(temp.File("a"), "actorpipeline", ClusterCertificates.DefaultHosts());
        ClusterCertificates.CreateCluster(temp.File("b"), "actorpipeline", ClusterCertificates.DefaultHosts());
        File.Copy(Path.Combine(temp.File("b"), "ca.crt"), Path.Combine(temp.File("a"), "ca.crt"), overwrite: true);

        var mixed = Assert.Throws<InvalidOperationException>(() => Load(temp.File("a")));
        Assert.Contains("node.crt is not a node certificate of the CA in ca.crt", mixed.Message);
    }

    [Theory]
    [InlineData("[::ffff:10.0.0.2]:40312", "[::ffff:10.0.0.2]")]
    [InlineData("10.0.0.2:40312", "10.0.0.2")]
    [InlineData("ssl.tcp://actorpipeline@127.0.0.1:4073", "ssl.tcp://actorpipeline@127.0.0.1")]
    [InlineData("gpu-01", "gpu-01")]
    public void A_retry_from_a_new_port_is_the_same_peer(string peer, string host) => Assert.Equal(host, TlsRefusals.HostOf(peer));

    [Fact]
    public void A_failed_handshake_right_after_a_certificate_refusal_is_that_refusal_and_one_without_is_reported()
    {
        var output = new StringWriter();
        var refusals = new TlsRefusals(output);
        refusals.Refuse("[::ffff:10.0.0.3]:40001", "its certificate was issued by another CA");
        refusals.HandshakeFailed("[::ffff:10.0.0.3]:40001");
        refusals.HandshakeFailed("[::ffff:10.0.0.9]:50000");

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Contains("10.0.0.9", lines[1]);
        Assert.Contains("a node without --tls", lines[1]);
    }
}
