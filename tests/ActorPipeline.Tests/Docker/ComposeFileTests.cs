using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace ActorPipeline.Tests.Docker;

/// <summary>
/// docker/ cannot be built or started here (no Docker engine, no compose plugin, no GPU); these checks keep
/// its promises: the single-process service and the cluster (a coordinator, workers that scale), loopback-only ports,
/// no literal secrets, GPUs reserved, the CUDA backend built.
/// </summary>
public sealed class ComposeFileTests
{
    private static readonly YamlMappingNode Compose = Load(RepositoryFiles.PathOf("docker/compose.yaml"));
    private static readonly string ComposeText = File.ReadAllText(RepositoryFiles.PathOf("docker/compose.yaml"));
    private static readonly string Dockerfile = File.ReadAllText(RepositoryFiles.PathOf("docker/Dockerfile"));
    private static readonly Regex VariableReference = new(@"^\$\{[A-Z0-9_]+(:?[-?][^}]*)?\}$");

    private static YamlMappingNode Services => Map(Compose, "services");

    [Fact]
    public void Has_postgres_jaeger_the_pipeline_and_the_cluster()
    {
        Assert.Equal(["coordinator", "jaeger", "pipeline", "postgres", "tls", "worker"], Services.Children.Keys.Select(k => k.ToString()).Order());
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
        // Nothing on 0.0.0.0 (or all interfaces by omission), in either port syntax: the cluster talks on the compose network.
        foreach (var (service, port) in PublishedPorts())
            Assert.True(port.HostIp == "127.0.0.1", $"{service} publishes {port} on {port.HostIp ?? "every interface"}");
        Assert.DoesNotContain(PublishedPorts(), p => p.Service is "coordinator" or "worker");
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
        foreach (var name in new[] { "pipeline", "coordinator", "worker" })
        {
            var command = string.Join(' ', Arguments(name).Concat(Entrypoint(name)));
            Assert.DoesNotContain("password", command, StringComparison.OrdinalIgnoreCase);
        }
        Assert.Contains("/docker/.env", File.ReadAllLines(RepositoryFiles.PathOf(".gitignore")));
        Assert.False(File.Exists(RepositoryFiles.PathOf("docker/.env")) && IsTracked("docker/.env"));
        Assert.Contains("ACTORPIPELINE_PG_PASSWORD=", File.ReadAllLines(RepositoryFiles.PathOf("docker/.env.example"))); // no value committed
    }

    [Fact]
    public void The_file_text_holds_no_password_literal()
    {
        // The YAML checks above see values; this one sees the text (comments aside), whatever key or place a literal hides in.
        foreach (var raw in ComposeText.Split('\n'))
        {
            var line = Regex.Replace(raw, @"\s+#.*$", "").Trim();
            if (line.StartsWith('#') || !line.Contains("password", StringComparison.OrdinalIgnoreCase))
                continue;
            var value = line[(line.IndexOf(':') + 1)..].Trim();
            Assert.True(VariableReference.IsMatch(value), $"not a ${{VARIABLE}} reference: {line}");
        }
        Assert.DoesNotMatch(new Regex(@"(?i)\b(password|pwd)\s*="), ComposeText); // no connection-string password
    }

    [Fact]
    public void Single_process_runs_only_when_named_so_a_plain_up_starts_the_cluster_alone()
    {
        // `docker compose up --scale worker=3` starts the services without a profile: both on one sweep would clash on its lock.
        Assert.Equal(["single"], Seq(Map(Services, "pipeline"), "profiles").Select(p => p.ToString()));
        foreach (var name in new[] { "postgres", "jaeger", "coordinator", "worker" })
            Assert.False(Map(Services, name).Children.ContainsKey("profiles"), $"{name} has a profile");
    }

    [Fact]
    public void Coordinator_runs_the_paper_sweep_as_the_cluster_seed_on_postgresql_without_computing()
    {
        var coordinator = Map(Services, "coordinator");
        var command = Arguments("coordinator");
        Assert.Equal(["sweep", "--profile", "paper"], command.Take(3));
        Assert.Equal("postgresql", OptionValue(command, "--persistence"));
        Assert.StartsWith("Host=postgres;Port=5432;", OptionValue(command, "--connection-string"));
        Assert.Equal("0.0.0.0:4053", OptionValue(command, "--cluster-listen"));
        Assert.Equal("coordinator", OptionValue(command, "--public-host"));
        Assert.Equal("none", OptionValue(command, "--local-devices"));
        Assert.Equal("service_healthy", Scalar(Map(Map(coordinator, "depends_on"), "postgres"), "condition"));
        Assert.StartsWith("${ACTORPIPELINE_PG_PASSWORD", Scalar(Map(coordinator, "environment"), "ACTORPIPELINE_PG_PASSWORD"));
        Assert.Equal("docker/Dockerfile", Scalar(Map(coordinator, "build"), "dockerfile"));
        Assert.False(coordinator.Children.ContainsKey("deploy"), "the coordinator computes nothing: no GPU reservation");
    }

    [Fact]
    public void Workers_join_the_coordinator_and_advertise_their_own_address()
    {
        var command = Arguments("worker");
        var entrypoint = Entrypoint("worker");
        Assert.Equal(["/bin/sh", "-c"], entrypoint.Take(2));
        // The script runs `actorpipeline worker` with the container's address and the service's command as its arguments.
        Assert.Matches(new Regex(@"^exec actorpipeline worker --public-host ""\$\$\(hostname( -i)?[^""]*\)"" ""\$\$@""$"), entrypoint[2]);
        Assert.Equal("coordinator:4053", OptionValue(command, "--join"));
        Assert.Equal("0.0.0.0:4054", OptionValue(command, "--listen"));
        Assert.NotNull(OptionValue(command, "--devices"));
        Assert.Matches(new Regex(@"^(\d+|\$\{[A-Z0-9_]+:-\d+\})$"), OptionValue(command, "--slots-per-device"));
        // Workers start once the coordinator has written sweep.json: the sweep folder and the data they read exist.
        Assert.Equal("service_healthy", Scalar(Map(Map(Map(Services, "worker"), "depends_on"), "coordinator"), "condition"));
        var health = Seq(Map(Map(Services, "coordinator"), "healthcheck"), "test").Select(n => n.ToString()).ToList();
        Assert.Contains(OptionValue(Arguments("coordinator"), "--out") + "/sweep.json", health);
        Assert.Equal("docker/Dockerfile", Scalar(Map(Map(Services, "worker"), "build"), "dockerfile"));
        var gpu = Assert.IsType<YamlMappingNode>(Assert.Single(Seq(Map(Map(Map(Map(Services, "worker"), "deploy"), "resources"), "reservations"), "devices")));
        Assert.Equal("nvidia", Scalar(gpu, "driver"));
    }

    [Fact]
    public void Workers_scale_no_container_name_no_fixed_host_name_or_port_and_no_database_password()
    {
        var worker = Map(Services, "worker");
        Assert.False(worker.Children.ContainsKey("container_name"), "a container_name allows one replica only");
        Assert.False(worker.Children.ContainsKey("hostname"), "every replica advertises its own address");
        Assert.False(worker.Children.ContainsKey("ports"), "a published host port allows one replica only");
        Assert.False(worker.Children.ContainsKey("network_mode"), "host networking: every replica would want port 4054");
        // Workers never write the journal: they get no PostgreSQL password and do not wait for PostgreSQL.
        var environment = worker.Children.ContainsKey("environment") ? Map(worker, "environment").Children.Keys.Select(k => k.ToString()) : [];
        Assert.DoesNotContain(environment, k => k.Contains("PASSWORD", StringComparison.OrdinalIgnoreCase));
        Assert.False(Map(worker, "depends_on").Children.ContainsKey("postgres"));
    }

    [Fact]
    public void Coordinator_and_workers_share_one_sweep_folder_at_the_same_path_and_workers_read_the_data_only()
    {
        var coordinator = Mounts("coordinator");
        var worker = Mounts("worker");
        string sweep = OptionValue(Arguments("coordinator"), "--out")!;
        Assert.Equal(sweep, OptionValue(Arguments("worker"), "--sweep-folder"));
        // The named volume holding the sweep folder, mounted at the same target (writable) in both.
        var shared = Assert.Single(coordinator, m => IsUnder(sweep, m.Target));
        Assert.Contains(shared.Source, Map(Compose, "volumes").Children.Keys.Select(k => k.ToString()));
        Assert.False(shared.ReadOnly);
        Assert.Contains(worker, m => m == shared);
        // The same folder as the single process's: the sweep id ignores the mode, so either mode resumes the other's sweep.
        Assert.Equal(sweep, OptionValue(Arguments("pipeline"), "--out"));
        // The data: the coordinator's copy, read-only in the workers, and --data inside that mount.
        string data = OptionValue(Arguments("worker"), "--data")!;
        var dataMount = Assert.Single(worker, m => IsUnder(data, m.Target));
        Assert.True(dataMount.ReadOnly, $"{dataMount.Source}:{dataMount.Target} is writable");
        Assert.Contains(coordinator, m => m.Source == dataMount.Source);
    }

    [Fact]
    public void The_cluster_speaks_mutual_TLS_from_a_one_shot_tls_service_whose_CA_key_no_node_mounts()
    {
        var tls = Map(Services, "tls");
        string script = Seq(tls, "entrypoint").Select(n => n.ToString()).Last();
        Assert.Contains("actorpipeline tls init --out /ca/cluster", script);
        Assert.Contains("actorpipeline tls node --ca /ca/cluster --out /tls/node", script);
        Assert.Contains("test -f /ca/cluster/ca.key ||", script); // idempotent: a second `up` keeps the cluster's CA
        Assert.False(tls.Children.ContainsKey("deploy"), "making certificates needs no GPU");

        foreach (var node in new[] { "coordinator", "worker" })
        {
            string folder = OptionValue(Arguments(node), "--tls")!;
            Assert.Equal("/tls/node", folder);
            var mount = Assert.Single(Mounts(node), m => IsUnder(folder, m.Target));
            Assert.True(mount.ReadOnly, $"{node} mounts its TLS folder writable");
            Assert.Contains(Mounts("tls"), m => m.Source == mount.Source && !m.ReadOnly);
            Assert.DoesNotContain(Mounts(node), m => m.Source == "tls-ca"); // the CA key stays with the tls service
            Assert.DoesNotContain("--insecure", Arguments(node));
        }
        Assert.Equal("service_completed_successfully", Scalar(Map(Map(Map(Services, "coordinator"), "depends_on"), "tls"), "condition"));
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

    private sealed record Port(string? HostIp, string? Published, string Target)
    {
        public override string ToString() => $"{HostIp}:{Published}:{Target}";
    }

    private sealed record Mount(string Source, string Target, bool ReadOnly);

    /// <summary>Every published port, short ("[ip:][host:]container") or long (host_ip, published, target) syntax.</summary>
    private static IEnumerable<(string Service, Port Port)> PublishedPorts()
    {
        foreach (var (name, service) in Services.Children.Select(c => (c.Key.ToString(), (YamlMappingNode)c.Value)))
        {
            if (!service.Children.ContainsKey("ports"))
                continue;
            foreach (var entry in Seq(service, "ports"))
            {
                if (entry is YamlMappingNode map)
                {
                    string? Get(string key) => map.Children.TryGetValue(new YamlScalarNode(key), out var v) ? v.ToString() : null;
                    yield return (name, new Port(Get("host_ip"), Get("published"), Get("target")!));
                    continue;
                }
                var parts = entry.ToString().Split(':');
                yield return (name, parts.Length switch
                {
                    1 => new Port(null, null, parts[0]),
                    2 => new Port(null, parts[0], parts[1]),
                    _ => new Port(string.Join(':', parts[..^2]), parts[^2], parts[^1]),
                });
            }
        }
    }

    /// <summary>A service's volumes, short ("source:target[:ro]") or long (source, target, read_only) syntax.</summary>
    private static List<Mount> Mounts(string service) =>
        Seq(Map(Services, service), "volumes").Select(entry =>
        {
            if (entry is YamlMappingNode map)
                return new Mount(Scalar(map, "source"), Scalar(map, "target"),
                    map.Children.TryGetValue(new YamlScalarNode("read_only"), out var ro) && ro.ToString() == "true");
            var parts = entry.ToString().Split(':');
            return new Mount(parts[0], parts[1], parts.Length > 2 && parts[2].Split(',').Contains("ro"));
        }).ToList();

    private static bool IsUnder(string path, string folder) =>
        path == folder || path.StartsWith(folder.TrimEnd('/') + "/", StringComparison.Ordinal);

    private static List<string> Arguments(string service) => Seq(Map(Services, service), "command").Select(n => n.ToString()).ToList();

    private static List<string> Entrypoint(string service) =>
        Map(Services, service).Children.ContainsKey("entrypoint") ? Seq(Map(Services, service), "entrypoint").Select(n => n.ToString()).ToList() : [];

    /// <summary>The value after an option in a command (exactly once), or null when it is absent.</summary>
    private static string? OptionValue(IReadOnlyList<string> command, string option)
    {
        var at = command.Select((a, i) => (a, i)).Where(x => x.a == option).Select(x => x.i).ToList();
        Assert.True(at.Count <= 1, $"{option} given {at.Count} times");
        return at.Count == 0 || at[0] + 1 >= command.Count ? null : command[at[0] + 1];
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
