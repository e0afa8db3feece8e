using System.Text;
using System.Text.Json;
using ActorPipeline.Actors.Wire;
using ActorPipeline.Tests.Docker;
using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit.Xunit2;
using AkkaSerialization = Akka.Serialization.Serialization;

namespace ActorPipeline.Tests.Serialization;

/// <summary>
/// The wire contract: every message that may cross nodes is a record of Actors/Wire, goes through
/// <see cref="WireSerializer"/> under its fixed manifest, comes back equal (field for field, bit for bit), and is written
/// exactly as its golden JSON in Golden/ says, so a change of the contract (a renamed, added or retyped field) fails here
/// instead of between two nodes of different releases: give the message a new manifest version and a new golden file.
/// </summary>
public sealed class WireSerializerTests() : TestKit(ConfigurationFactory.ParseString(WireSerializer.Hocon))
{
    private const string WireNamespace = "ActorPipeline.Actors.Wire";

    /// <summary>Stands for the report-to actor's path in a golden file (a test actor's path holds a random uid).</summary>
    private const string ReportToInGolden = "\"@reportTo\"";

    /// <summary>Set to 1 to write the golden files from the samples, after a deliberate contract change (with a new manifest version).</summary>
    private const string WriteGoldenVariable = "ACTORPIPELINE_WRITE_GOLDEN";

    public static TheoryData<string> Samples() => new(WireMessageSamples.Names);

    private static string GoldenPath(string name) => RepositoryFiles.PathOf(Path.Combine("tests", "ActorPipeline.Tests", "Serialization", "Golden", $"{name}.json"));

    private static IReadOnlyList<Type> WireMessageTypes() => typeof(IWireMessage).Assembly.GetTypes()
        .Where(t => typeof(IWireMessage).IsAssignableFrom(t) && t is { IsInterface: false, IsAbstract: false })
        .ToList();

    private object RoundTrip(object original, out string manifest, out string json)
    {
        var serializer = Sys.Serialization.FindSerializerFor(original);
        Assert.IsType<WireSerializer>(serializer);
        manifest = AkkaSerialization.ManifestFor(serializer, original);
        var bytes = serializer.ToBinary(original);
        json = Encoding.UTF8.GetString(bytes);
        return Sys.Serialization.Deserialize(bytes, serializer.Identifier, manifest);
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Every_sample_round_trips_to_an_equal_value_under_its_manifest(string name)
    {
        var original = WireMessageSamples.All(TestActor).Single(s => s.Name == name).Message;

        var back = RoundTrip(original, out var manifest, out var json);

        Assert.Matches(@"^[a-z]+(-[a-z]+)*\.v[0-9]+$", manifest);
        Assert.True(name == manifest || name.StartsWith(manifest + ".", StringComparison.Ordinal), $"sample {name} is written under {manifest}");
        Assert.DoesNotContain("ActorPipeline", json); // no CLR type names on the wire
        Assert.Equal(original.GetType(), back.GetType());
        StructuralAssert.Equal(original, back);
        // The same bytes again: nothing is written that is not read back.
        Assert.Equal(json, Encoding.UTF8.GetString(Sys.Serialization.FindSerializerFor(back).ToBinary(back)));
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Every_sample_is_written_exactly_as_its_golden_json_and_the_golden_json_reads_back_as_the_sample(string name)
    {
        var original = WireMessageSamples.All(TestActor).Single(s => s.Name == name).Message;
        var serializer = Sys.Serialization.FindSerializerFor(original);
        string reportTo = JsonSerializer.Serialize(AkkaSerialization.SerializedActorPath(TestActor));
        string json = Encoding.UTF8.GetString(serializer.ToBinary(original)).Replace(reportTo, ReportToInGolden);
        string path = GoldenPath(name);
        if (Environment.GetEnvironmentVariable(WriteGoldenVariable) == "1") File.WriteAllText(path, json + "\n");

        Assert.True(File.Exists(path), $"{name} has no golden JSON: write {path} (set {WriteGoldenVariable}=1 once, and review it)");
        string golden = File.ReadAllText(path).TrimEnd('\n');
        Assert.True(golden == json, $"The wire form of {name} changed: give the message a new manifest version and a golden file of its own.{Environment.NewLine}golden: {golden}{Environment.NewLine}now:    {json}");
        var fromGolden = Sys.Serialization.Deserialize(Encoding.UTF8.GetBytes(golden.Replace(ReportToInGolden, reportTo)), serializer.Identifier, AkkaSerialization.ManifestFor(serializer, original));
        StructuralAssert.Equal(original, fromGolden);
    }

    [Fact]
    public void Every_golden_file_is_a_samples()
    {
        var names = WireMessageSamples.Names.ToHashSet();
        var files = Directory.GetFiles(Path.GetDirectoryName(GoldenPath("x"))!, "*.json").Select(Path.GetFileNameWithoutExtension).ToList();
        Assert.All(files, file => Assert.True(names.Contains(file!), $"Golden/{file}.json belongs to no sample"));
    }

    [Fact]
    public void The_manifests_are_exactly_the_wire_folders_messages_each_with_a_sample()
    {
        var types = WireMessageTypes();
        Assert.NotEmpty(types);
        Assert.All(types, t => Assert.True(t.Namespace == WireNamespace, $"{t.FullName} crosses nodes but is not in {WireNamespace}"));
        Assert.Equal(types.Select(t => t.FullName).Order(), WireSerializer.KnownTypes.Select(t => t.FullName).Order());
        Assert.Equal(WireSerializer.KnownTypes.Count, WireSerializer.KnownManifests.Distinct().Count());
        var sampled = WireMessageSamples.All(TestActor).Select(s => s.Message.GetType()).ToHashSet();
        Assert.All(types, t => Assert.True(sampled.Contains(t), $"{t.Name} has no sample in {nameof(WireMessageSamples)}"));
    }

    [Fact]
    public void Wire_records_hold_plain_data_only()
    {
        // Strings, numbers, flags, actor refs, and lists or string-keyed maps of them or of other wire records: a domain
        // type inside a message would make its JSON depend on code far from this folder.
        var wire = typeof(IWireMessage).Assembly.GetTypes().Where(t => t.Namespace == WireNamespace).ToHashSet();
        bool Plain(Type type) =>
            type == typeof(string) || type == typeof(int) || type == typeof(long) || type == typeof(double) || type == typeof(bool) || type == typeof(IActorRef)
            || (Nullable.GetUnderlyingType(type) is { } inner && Plain(inner))
            || (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>) && Plain(type.GetGenericArguments()[0]))
            || (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>) && type.GetGenericArguments()[0] == typeof(string) && Plain(type.GetGenericArguments()[1]))
            || wire.Contains(type);
        var records = wire.Where(t => t.GetMethod("<Clone>$") is not null).ToList(); // the messages and their parts
        Assert.Contains(typeof(LayerMeasurement), records);
        var fields = records.SelectMany(t => t.GetProperties(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.DeclaredOnly))
            .Where(p => p.GetCustomAttributes(typeof(System.Text.Json.Serialization.JsonIgnoreAttribute), true).Length == 0);
        Assert.All(fields, p => Assert.True(Plain(p.PropertyType), $"{p.DeclaringType!.Name}.{p.Name} is a {p.PropertyType.Name}, not plain data"));
    }

    [Fact]
    public void Doubles_cross_bit_for_bit()
    {
        double[] values = [double.NaN, -0.0, 0.0, 1e-300, double.Epsilon, -double.Epsilon, double.MaxValue, double.MinValue, 0.1 + 0.2, 1.0 / 3, double.PositiveInfinity, double.NegativeInfinity];
        foreach (double value in values)
        {
            var back = (AssignmentReport.IterationTrained)RoundTrip(new AssignmentReport.IterationTrained("a", 0, 1, value, value, value, value, 1), out _, out var json);
            Assert.True(BitConverter.DoubleToInt64Bits(value) == BitConverter.DoubleToInt64Bits(back.TestAccuracy), $"{value:R} came back as {back.TestAccuracy:R} ({json})");
        }
    }

    [Fact]
    public void An_actor_ref_resolves_back_to_the_same_actor()
    {
        var probe = CreateTestProbe();
        var assign = new AssignWork("a-1", "cifar2", 0, new StartStep(1, false), "d", "f", null, probe.Ref);

        var back = (AssignWork)RoundTrip(assign, out _, out var json);

        Assert.Contains(probe.Ref.Path.ToStringWithUid(), json); // path and uid, as Akka writes refs
        Assert.Equal(probe.Ref, back.ReportTo);
        back.ReportTo.Tell(new StepRecorded(0, 1));
        probe.ExpectMsg(new StepRecorded(0, 1));
    }

    [Fact]
    public void An_unknown_manifest_is_a_clear_error()
    {
        var serializer = new WireSerializer((ExtendedActorSystem)Sys);
        var error = Assert.Throws<WireFormatException>(() => serializer.FromBinary("{}"u8.ToArray(), "assign-work.v9"));
        Assert.Contains("assign-work.v9", error.Message);
    }

    [Fact]
    public void A_type_without_a_manifest_is_refused_when_written()
    {
        var serializer = new WireSerializer((ExtendedActorSystem)Sys);
        var error = Assert.Throws<ArgumentException>(() => serializer.Manifest(new NodeDescription("n", [], 1)));
        Assert.Contains(nameof(NodeDescription), error.Message);
    }
}
