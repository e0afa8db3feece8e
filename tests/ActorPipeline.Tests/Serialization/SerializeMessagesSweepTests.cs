using ActorPipeline.Actors.Repetitions;
using ActorPipeline.Actors.Sweeps;
using ActorPipeline.Actors.Wire;
using ActorPipeline.Tests.Actors;
using Akka.Actor;
using Akka.Configuration;
using Akka.Event;
using Akka.TestKit.Xunit2;
using Xunit.Abstractions;

namespace ActorPipeline.Tests.Serialization;

/// <summary>
/// A whole sweep (coordinator, supervisors, dispatcher, node agent, runners, workers, similarity actors, journals) with
/// Akka serializing and deserializing every message it delivers, local ones included, and no fallback for unbound
/// types (Akka's own node-local messages aside: <see cref="AkkaInternalsPassThrough"/>): each message that is not marked
/// <see cref="INoSerializationVerificationNeeded"/> (node-local) goes through its serializer and the copy is what the
/// receiver gets. A message that fails is dropped with an error, so a sweep that
/// finishes with every repetition completed and no such error shows every message that may cross nodes does.
/// </summary>
public sealed class SerializeMessagesSweepTests(ITestOutputHelper output) : TestKit(Config, output: output)
{
    private static Config Config => ConfigurationFactory.ParseString("""
        akka.actor.serialize-messages = on
        akka.actor.serialization-settings.allow-unregistered-types = off
        """)
        .WithFallback(ConfigurationFactory.ParseString(AkkaInternalsPassThrough.Hocon))
        .WithFallback(ActorTestConfig.Default);

    private sealed record Unbound(string Text);

    [Fact]
    public void A_sweep_runs_to_the_end_with_every_message_serialized()
    {
        var errors = CreateTestProbe();
        Sys.EventStream.Subscribe(errors.Ref, typeof(Error));
        var plan = FakePlans.Sweep(repetitions: 2, iterations: 2, problems: ["cifar2", "cifar4"]);
        var coordinator = Sys.ActorOf(SweepCoordinator.Props(plan), "sweep");
        LocalNodes.Join(Sys, coordinator, new FakeCompute(), slots: 2, plan.ArtifactFolder);

        coordinator.Tell(new RunSweep(TraceParent: null));
        SweepOutcome finished;
        try
        {
            finished = ExpectMsg<SweepOutcome>(TimeSpan.FromSeconds(30));
        }
        finally
        {
            // A message that fails the check is dropped with an error (the sweep then stalls): name it.
            var logged = errors.ReceiveWhile(TimeSpan.FromMilliseconds(500), m => m as Error).OfType<Error>().ToList();
            Assert.True(logged.Count == 0, string.Join(Environment.NewLine, logged.Select(error => $"{error.Message}: {error.Cause}")));
        }

        Assert.Equal(plan.SweepId, finished.SweepId);
        Assert.Equal(["cifar2", "cifar4"], finished.Problems.Select(p => p.Problem));
        Assert.All(finished.Problems, problem =>
        {
            Assert.Null(problem.Abandoned);
            Assert.NotNull(problem.State.Dense);
            Assert.Equal(2, problem.State.CompletedRepetitions);
            Assert.Equal(plan.Problems[0].StepsPlanned, problem.State.StepsRecorded);
        });
    }

    [Fact]
    public void A_message_without_a_binding_is_dropped_with_an_error_and_never_arrives()
    {
        var errors = CreateTestProbe();
        Sys.EventStream.Subscribe(errors.Ref, typeof(Error));
        var receiver = CreateTestProbe();

        receiver.Ref.Tell(new Unbound("x"));
        receiver.Ref.Tell(new StepRecorded(1, 2));

        receiver.ExpectMsg(new StepRecorded(1, 2));
        var error = errors.ExpectMsg<Error>();
        Assert.Contains(nameof(Unbound), error.Cause!.Message);
        Assert.Contains("No serializer binding found", error.Cause!.InnerException!.Message);
        receiver.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }
}
