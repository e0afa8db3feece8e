using ActorPipeline.Host.Cli;
using ActorPipeline.Host.Cluster;
using ActorPipeline.Host.Cluster.Tls;
using ActorPipeline.Tests.Data;
using ActorPipeline.Tests.Support;

namespace ActorPipeline.Tests.Cluster.Tls;

/// <summary>
/// A node reachable from other machines speaks TLS or says explicitly that it need not: the CLI refuses a non-loopback
/// listen address without --tls or --insecure, in one line, before anything starts. Loopback needs neither.
/// </summary>
[Collection(CliConsole.Collection)]
public sealed class ClusterSecurityRuleTests
{
    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("127.0.0.2", true)]
    [InlineData("::1", true)]
    [InlineData("localhost", true)]
    [InlineData("0.0.0.0", false)]
    [InlineData("10.0.0.1", false)]
    [InlineData("gpu-01", false)]
    [InlineData("::", false)]
    public void Only_loopback_addresses_count_as_loopback(string host, bool loopback) => Assert.Equal(loopback, ClusterSecurityCli.IsLoopback(host));

    [Fact]
    public async Task A_worker_listening_on_all_interfaces_without_TLS_is_refused_naming_both_ways_out()
    {
        using var temp = new TempDirectory();
        var (code, _, error) = await CliConsole.RunAsync("worker", "--join", "10.0.0.1:4053", "--listen", "0.0.0.0:0", "--sweep-folder", temp.Path, "--devices", "cpu", "--no-download", "--data", temp.File("none.tar.gz"));
        Assert.Equal(2, code);
        Assert.Contains("--listen 0.0.0.0:0 is reachable from other machines", error);
        Assert.Contains("--tls <folder>", error);
        Assert.Contains("--insecure", error);
    }

    [Fact]
    public async Task A_coordinator_listening_on_all_interfaces_without_TLS_is_refused_and_tls_with_insecure_contradict()
    {
        using var temp = new TempDirectory();
        var (code, _, error) = await CliConsole.RunAsync("sweep", "--profile", "quick", "--out", temp.File("sweep"), "--persistence", "postgresql",
            "--connection-string", "Host=127.0.0.1;Port=1;Database=x;Username=x", "--cluster-listen", "0.0.0.0:4053", "--ui", "off");
        Assert.Equal(2, code);
        Assert.Contains("--cluster-listen 0.0.0.0:4053 is reachable from other machines", error);

        ClusterCertificates.CreateCluster(temp.File("tls"), "actorpipeline", ClusterCertificates.DefaultHosts());
        (code, _, error) = await CliConsole.RunAsync("worker", "--join", "10.0.0.1:4053", "--listen", "0.0.0.0:0", "--sweep-folder", temp.Path, "--tls", temp.File("tls"), "--insecure");
        Assert.Equal(2, code);
        Assert.Contains("--tls and --insecure contradict each other", error);
        Assert.False(Directory.Exists(temp.File("sweep")), "nothing was started");
    }
}
