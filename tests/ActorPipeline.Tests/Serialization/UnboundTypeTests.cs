using ActorPipeline.Actors.Similarity;
using ActorPipeline.Actors.Wire;
using Akka.Actor;
using Akka.Configuration;
using Akka.Serialization;
using Akka.TestKit.Xunit2;

namespace ActorPipeline.Tests.Serialization;

/// <summary>
/// With <see cref="WireSerializer.Hocon"/>, a type without a serializer binding has no serializer at all: Akka refuses it
/// instead of writing it with its Newtonsoft fallback (CLR type names on the wire, formats nobody reviewed). So a message
/// that should never leave its node (activations: tensors; supervisors' talk with the dispatcher; the sweep's results)
/// cannot be sent to another one by mistake.
/// </summary>
public sealed class UnboundTypeTests() : TestKit(ConfigurationFactory.ParseString(WireSerializer.Hocon))
{
    private sealed record Unbound(string Text);

    [Fact]
    public void A_type_without_a_binding_is_refused()
    {
        var error = Assert.Throws<System.Runtime.Serialization.SerializationException>(() => Sys.Serialization.FindSerializerFor(new Unbound("x")));
        Assert.Contains("No serializer binding found", error.Message);
    }

    [Fact]
    public void Every_message_marked_node_local_has_no_serializer()
    {
        var local = typeof(AccumulateLayerBatch).Assembly.GetTypes()
            .Where(t => typeof(INoSerializationVerificationNeeded).IsAssignableFrom(t) && t is { IsInterface: false, IsAbstract: false, ContainsGenericParameters: false })
            .ToList();
        Assert.Contains(typeof(ActorPipeline.Actors.Dispatch.OfferWork), local);
        Assert.Contains(typeof(ActorPipeline.Actors.Sweeps.SweepOutcome), local);
        Assert.Contains(typeof(ActorPipeline.Actors.Repetitions.IterationTrainedReport), local);

        Assert.All(local, type =>
        {
            Assert.False(typeof(IWireMessage).IsAssignableFrom(type), $"{type.Name} is marked node-local and a wire message");
            Assert.Throws<System.Runtime.Serialization.SerializationException>(() => Sys.Serialization.FindSerializerForType(type));
        });
    }

    [Fact]
    public async Task Without_the_setting_Akka_would_fall_back_to_newtonsoft()
    {
        // What the setting prevents: Akka's default binds System.Object to its Newtonsoft serializer.
        var plain = ActorSystem.Create("plain");
        try
        {
            Assert.IsType<NewtonSoftJsonSerializer>(plain.Serialization.FindSerializerFor(new Unbound("x")));
        }
        finally
        {
            await plain.Terminate();
        }
    }
}
