using System.Text.Json.Serialization;

namespace ActorPipeline.Actors.Wire;

// A node agent joins the sweep: it registers through the coordinator (in a cluster, the singleton proxy) and the
// sweep's work dispatcher answers; from then on the node talks to the dispatcher directly.

/// <summary>What a node offers: its devices and slots. <paramref name="Name"/> is unique in the cluster (host:port).</summary>
public sealed record NodeDescription(string Name, IReadOnlyList<string> Devices, int SlotsPerDevice)
{
    /// <summary>Derived, so it does not travel.</summary>
    [JsonIgnore]
    public int Slots => Devices.Count * SlotsPerDevice;
}

/// <summary>A node agent introduces itself (again after the coordinator came back); answered with <see cref="NodeRegistered"/>.</summary>
public sealed record RegisterNode(NodeDescription Node) : IWireMessage;

/// <summary>
/// The node is part of the sweep. Before it pulls work it checks its data copy against <paramref name="DataChecksum"/> and
/// reads every problem's plan (<paramref name="Plans"/>): work orders then name their problem instead of carrying its plan.
/// </summary>
public sealed record NodeRegistered(string SweepId, string DataChecksum, IReadOnlyList<ProblemPlanJson> Plans) : IWireMessage;

/// <summary>
/// One problem's plan as it crosses: its JSON (the plan's own, as the sweep id hashes it) and <paramref name="Hash"/>, the
/// hash of what identifies it. The node reads the JSON into its own plan type and refuses the sweep unless its reading has
/// the same hash: a node of another release that would read a setting differently never computes for the sweep.
/// </summary>
public sealed record ProblemPlanJson(string Json, string Hash);

/// <summary>
/// The node cannot serve the sweep it registered with (its folder holds another sweep, its data differs, it reads a plan
/// differently, or none of its devices works) and leaves: the coordinator reports it as refused, with
/// <paramref name="Reason"/>, not as a lost node.
/// </summary>
public sealed record NodeDeclined(string Reason) : IWireMessage;

/// <summary>The dispatcher does not know the sender (it restarted): register again.</summary>
public sealed record NodeUnknown : IWireMessage
{
    public static NodeUnknown Instance { get; } = new();
}
