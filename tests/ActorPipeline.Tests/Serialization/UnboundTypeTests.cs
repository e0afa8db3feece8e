using ActorPipeline.Actors.Persistence;
using ActorPipeline.Actors.Serialization;
using ActorPipeline.Actors.Similarity;
using Akka.Actor;
using Akka.Configuration;
using Akka.Serialization;
using Akka.TestKit.Xunit2;

namespace ActorPipeline.Tests.Serialization;

/// <summary>
/// With <see cref="RemoteMessageSerializer.Hocon"/>, a type without a serializer binding has no serializer at all: Akka
/// refuses it instead of writing it with its Newtonsoft fallback (CLR type names on the wire, formats nobody reviewed).
/// So a message that should never leave its node (activations: tensors) cannot be sent to another one by mistake.
/// </summary>
public sealed class UnboundTypeTests() : TestKit(ConfigurationFactory.ParseString(RemoteMessageSerializer.Hocon))
{
    private sealed record Unbound(string Text);

    [Fact]
    public void A_type_without_a_binding_is_refused()
    {
        var error = Assert.Throws<System.Runtime.Serialization.SerializationException>(() => Sys.Serialization.FindSerializerFor(new Unbound("x")));
        Assert.Contains("No serializer binding found", error.Message);
    }

    [Fact]
    public void Messages_that_stay_on_their_node_have_no_serializer()
    {
        foreach (var local in new[] { typeof(AccumulateLayerBatch), typeof(LayerMeasured), typeof(PersistEvent) })
            Assert.Throws<System.Runtime.Serialization.SerializationException>(() => Sys.Serialization.FindSerializerForType(local));
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
