using System.Reflection;
using System.Text;
using System.Text.Json.Serialization;
using ActorPipeline.Actors.Compute;
using ActorPipeline.Actors.Dispatch;
using ActorPipeline.Actors.Plans;
using ActorPipeline.Actors.Problems;
using ActorPipeline.Actors.Repetitions;
using ActorPipeline.Actors.Serialization;
using ActorPipeline.Actors.Sweeps;
using ActorPipeline.Tests.Actors;
using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit.Xunit2;
using AkkaSerialization = Akka.Serialization.Serialization;

namespace ActorPipeline.Tests.Serialization;

/// <summary>
/// Every message that may cross nodes goes through <see cref="RemoteMessageSerializer"/> under its fixed manifest and comes
/// back equal, field for field and bit for bit; the set of remote messages is found by reflection, so a new one without a
/// manifest or a sample fails here instead of on a cluster.
/// </summary>
public sealed class RemoteMessageSerializerTests() : TestKit(ConfigurationFactory.ParseString(RemoteMessageSerializer.Hocon))
{
    public static TheoryData<string> Samples() => new(RemoteMessageSamples.Names);

    private static IReadOnlyList<Type> RemoteMessageTypes() => typeof(IRemoteMessage).Assembly.GetTypes()
        .Where(t => typeof(IRemoteMessage).IsAssignableFrom(t) && t is { IsInterface: false, IsAbstract: false })
        .ToList();

    private object RoundTrip(object original, out string manifest, out string json)
    {
        var serializer = Sys.Serialization.FindSerializerFor(original);
        Assert.IsType<RemoteMessageSerializer>(serializer);
        manifest = AkkaSerialization.ManifestFor(serializer, original);
        var bytes = serializer.ToBinary(original);
        json = Encoding.UTF8.GetString(bytes);
        return Sys.Serialization.Deserialize(bytes, serializer.Identifier, manifest);
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Every_sample_round_trips_to_an_equal_value(string name)
    {
        var original = RemoteMessageSamples.All(TestActor).Single(s => s.Name == name).Message;

        var back = RoundTrip(original, out var manifest, out var json);

        Assert.Matches(@"^[a-z]+(-[a-z]+)*\.v[0-9]+$", manifest);
        Assert.DoesNotContain("ActorPipeline", json); // no CLR type names on the wire
        Assert.Equal(original.GetType(), back.GetType());
        StructuralAssert.Equal(original, back);
        // The same bytes again: nothing is written that is not read back.
        Assert.Equal(json, Encoding.UTF8.GetString(Sys.Serialization.FindSerializerFor(back).ToBinary(back)));
    }

    [Fact]
    public void Every_remote_message_type_has_its_own_manifest_and_a_sample()
    {
        var types = RemoteMessageTypes();
        Assert.NotEmpty(types);
        Assert.Equal(types.Select(t => t.FullName).Order(), RemoteMessageSerializer.KnownTypes.Select(t => t.FullName).Order());
        Assert.Equal(RemoteMessageSerializer.KnownTypes.Count, RemoteMessageSerializer.KnownManifests.Distinct().Count());
        var sampled = RemoteMessageSamples.All(TestActor).Select(s => s.Message.GetType()).ToHashSet();
        Assert.All(types, t => Assert.True(sampled.Contains(t), $"{t.Name} has no sample in {nameof(RemoteMessageSamples)}"));
    }

    [Fact]
    public void Every_report_kind_is_a_json_derived_type_and_has_a_sample()
    {
        var kinds = typeof(IWorkReport).Assembly.GetTypes().Where(t => typeof(IWorkReport).IsAssignableFrom(t) && t is { IsInterface: false, IsAbstract: false }).ToList();
        var derived = typeof(IWorkReport).GetCustomAttributes<JsonDerivedTypeAttribute>().Select(a => a.DerivedType).ToHashSet();
        Assert.All(kinds, k => Assert.True(derived.Contains(k), $"{k.Name} is not a [JsonDerivedType] of {nameof(IWorkReport)}: it cannot cross nodes"));
        Assert.Equal(kinds.Select(k => k.Name).Order(), RemoteMessageSamples.Reports().Select(r => r.GetType().Name).Order());
    }

    [Fact]
    public void Doubles_cross_bit_for_bit()
    {
        double[] values = [double.NaN, -0.0, 0.0, 1e-300, double.Epsilon, -double.Epsilon, double.MaxValue, double.MinValue, 0.1 + 0.2, 1.0 / 3, double.PositiveInfinity, double.NegativeInfinity];
        foreach (double value in values)
        {
            var original = new AssignmentReport("a", new IterationTrainedReport(0, new IterationOutcome(1, value, value, value, value, 1)));
            var back = (AssignmentReport)RoundTrip(original, out _, out var json);
            var outcome = Assert.IsType<IterationTrainedReport>(back.Report).Outcome;
            Assert.True(BitConverter.DoubleToInt64Bits(value) == BitConverter.DoubleToInt64Bits(outcome.TestAccuracy), $"{value:R} came back as {outcome.TestAccuracy:R} ({json})");
        }
    }

    [Fact]
    public void An_actor_ref_resolves_back_to_the_same_actor()
    {
        var probe = CreateTestProbe();
        var order = new WorkOrder("a-1", FakePlans.Problem(), 0, new RepetitionStep(1, false), "d", "f", null, probe.Ref);

        var back = (AssignWork)RoundTrip(new AssignWork(order), out _, out var json);

        Assert.Contains(probe.Ref.Path.ToStringWithUid(), json); // path and uid, as Akka writes refs
        Assert.Equal(probe.Ref, back.Order.ReportTo);
        back.Order.ReportTo.Tell(new StepRecorded(0, 1));
        probe.ExpectMsg(new StepRecorded(0, 1));
    }

    [Fact]
    public void Problem_state_crosses_with_every_record()
    {
        var finished = (SweepOutcome)RemoteMessageSamples.All(TestActor).Single(s => s.Name == "sweep-outcome").Message;

        var back = (SweepOutcome)RoundTrip(finished, out _, out _);

        var state = back.Problems[0].State;
        Assert.NotNull(state.Dense);
        Assert.Equal([0, 1, 2], state.Repetitions.Keys);
        Assert.True(state.Repetitions[0].Completed);
        Assert.True(double.IsNaN(state.Repetitions[0].Trained[1].TestAccuracy));
        Assert.Equal(1, state.CompletedRepetitions);
        Assert.Equal(1, state.FailedRepetitions);
        Assert.Equal(finished.Problems[0].State.StepsRecorded, state.StepsRecorded);
        Assert.Equal(new RepetitionStep(1, MeasureOnly: true), state.Repetition(1).NextStep(2)); // the folds still work on what came back
        Assert.Equal("its supervisor stopped 4 times", back.Problems[1].Abandoned);
    }

    [Fact]
    public void An_unknown_manifest_is_a_clear_error()
    {
        var serializer = new RemoteMessageSerializer((ExtendedActorSystem)Sys);
        var error = Assert.Throws<WireFormatException>(() => serializer.FromBinary("{}"u8.ToArray(), "assign-work.v9"));
        Assert.Contains("assign-work.v9", error.Message);
    }

    [Fact]
    public void A_type_without_a_manifest_is_refused_when_written()
    {
        var serializer = new RemoteMessageSerializer((ExtendedActorSystem)Sys);
        var error = Assert.Throws<ArgumentException>(() => serializer.Manifest(new NodeDescription("n", [], 1)));
        Assert.Contains(nameof(NodeDescription), error.Message);
    }
}
