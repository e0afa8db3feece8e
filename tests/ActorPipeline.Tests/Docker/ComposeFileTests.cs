using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace ActorPipeline.Tests.Docker;

/// <summary>
/// docker/ cannot be built or started here (no Docker engine, no compose plugin, no GPU); these checks keep
/// its promises: three services, loopback-only ports, no literal secrets, GPUs reserved, the CUDA backend built.
/// </summary>
public sealed class ComposeFileTests
{
    private static readonly YamlMappingNode Compose = Load(RepositoryFiles.PathOf("docker/compose.yaml"));
    private static readonly string Dockerfile = File.ReadAllText(RepositoryFiles.PathOf("docker/Dockerfile"));

    private static YamlMappingNode Services => Map(Compose, "services");

    [Fact]
    public void Has_postgres_jaeger_and_the_pipeline()
    {
        Assert.Equal(["jaeger", "pipeline", "postgres"], Services.Children.Keys.Select(k => k.ToString()).Order());
        Assert.Equal("postgres:15", Scalar(Map(Services, "postgres"), "image"));
        Assert.StartsWith("jaegertracing/all-in-one:", Scalar(Map(Services, "jaeger"), "image"));
        Assert.Equal("true", Scalar(Map(Map(Services, "jaeger"), "environment"), "COLLECTOR_OTLP_ENABLED"));
    }

    [Fact]
    public void Every_published_port_is_bound_to_loopback()
    {
        var ports = Services.Children.Values.OfType<YamlMappingNode>()
            .Where(s => s.Children.ContainsKey("ports"))
            .SelectMany(s => Seq(s, "ports").Select(p => p.ToString()))
            .ToList();
        Assert.Contains("127.0.0.1:5432:5432", ports);
        Assert.Contains("127.0.0.1:16686:16686", ports);
        Assert.All(ports, p => Assert.StartsWith("127.0.0.1:", p));
    }

    [Fact]
    public void Holds_no_literal_password()
    {
        foreach (var (name, service) in Services.Children.Select(c => (c.Key.ToString(), (YamlMappingNode)c.Value)))
        {
            if (!service.Children.ContainsKey("environment"))
                continue;
            foreach (var (key, value) in Map(service, "environment").Children.Select(c => (c.Key.ToString(), c.Value.ToString())))
            {
                if (key.Contains("PASSWORD", StringComparison.OrdinalIgnoreCase))
                    Assert.Matches(new Regex(@"^\$\{[A-Z0-9_]+(:?[-?][^}]*)?\}$"), value); // a ${VARIABLE} reference, nothing else
                Assert.DoesNotContain("password=", value, StringComparison.OrdinalIgnoreCase);
            }
        }
        var command = string.Join(' ', Seq(Map(Services, "pipeline"), "command").Select(n => n.ToString()));
        Assert.DoesNotContain("password", command, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("/docker/.env", File.ReadAllLines(RepositoryFiles.PathOf(".gitignore")));
        Assert.False(File.Exists(RepositoryFiles.PathOf("docker/.env")) && IsTracked("docker/.env"));
    }

    [Fact]
    public void Pipeline_runs_the_paper_sweep_on_postgresql_with_traces_to_jaeger()
    {
        var pipeline = Map(Services, "pipeline");
        var command = Seq(pipeline, "command").Select(n => n.ToString()).ToList();
        Assert.Equal(["sweep", "--profile", "paper", "--devices", "auto", "--persistence", "postgresql"], command.Take(7));
        var environment = Map(pipeline, "environment");
        Assert.Equal("http://jaeger:4317", Scalar(environment, "OTEL_EXPORTER_OTLP_ENDPOINT"));
        Assert.StartsWith("${ACTORPIPELINE_PG_PASSWORD", Scalar(environment, "ACTORPIPELINE_PG_PASSWORD"));
        var volumes = Seq(pipeline, "volumes").Select(v => v.ToString()).ToList();
        Assert.Contains(volumes, v => v.EndsWith(":/runs", StringComparison.Ordinal));
        Assert.Contains(volumes, v => v.Contains("cifar10", StringComparison.Ordinal));
        Assert.Equal("docker/Dockerfile", Scalar(Map(pipeline, "build"), "dockerfile"));
    }

    [Fact]
    public void Pipeline_reserves_every_gpu()
    {
        var devices = Seq(Map(Map(Map(Map(Services, "pipeline"), "deploy"), "resources"), "reservations"), "devices");
        var gpu = Assert.IsType<YamlMappingNode>(Assert.Single(devices));
        Assert.Equal("nvidia", Scalar(gpu, "driver"));
        Assert.Equal("all", Scalar(gpu, "count"));
        Assert.Equal(["gpu"], Seq(gpu, "capabilities").Select(c => c.ToString()));
    }

    [Fact]
    public void Dockerfile_builds_the_cuda_backend_on_a_cuda_base_with_the_cli_as_entry_point()
    {
        Assert.Contains("FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build", Dockerfile);
        Assert.Matches(new Regex(@"dotnet publish src/Host -c Release -p:TorchBackend=\$\{TORCH_BACKEND\}"), Dockerfile);
        Assert.Contains("ARG TORCH_BACKEND=cuda-linux", Dockerfile);
        Assert.Matches(new Regex(@"FROM nvidia/cuda:12\.\d+(\.\d+)?-cudnn-runtime-ubuntu24\.04"), Dockerfile);
        Assert.Contains("ENTRYPOINT [\"actorpipeline\"]", Dockerfile);
        // The switch the Dockerfile relies on must exist in the build.
        Assert.Contains("TorchSharp-$(TorchBackend)", File.ReadAllText(RepositoryFiles.PathOf("src/Ml/ActorPipeline.Ml.csproj")));
    }

    private static bool IsTracked(string relative)
    {
        using var git = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("git", ["ls-files", "--error-unmatch", relative])
        {
            WorkingDirectory = RepositoryFiles.Root, RedirectStandardOutput = true, RedirectStandardError = true,
        })!;
        git.WaitForExit();
        return git.ExitCode == 0;
    }

    private static YamlMappingNode Load(string path)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(path);
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents.Single().RootNode;
    }

    private static YamlMappingNode Map(YamlMappingNode node, string key) =>
        Assert.IsType<YamlMappingNode>(node.Children[new YamlScalarNode(key)]);

    private static IEnumerable<YamlNode> Seq(YamlMappingNode node, string key) =>
        Assert.IsType<YamlSequenceNode>(node.Children[new YamlScalarNode(key)]).Children;

    private static string Scalar(YamlMappingNode node, string key) =>
        Assert.IsType<YamlScalarNode>(node.Children[new YamlScalarNode(key)]).Value!;
}
