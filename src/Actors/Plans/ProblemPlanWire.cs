using System.Text.Json;
using ActorPipeline.Actors.Wire;
using ActorPipeline.Ml.Experiments;

namespace ActorPipeline.Actors.Plans;

/// <summary>
/// A problem's plan to and from the wire (<see cref="ProblemPlanJson"/>): its JSON as the sweep id reads it, and the hash
/// of what identifies it (<see cref="PlanIdentity.Hash"/>), so the receiving node proves it reads the same plan.
/// </summary>
public static class ProblemPlanWire
{
    public static ProblemPlanJson ToWire(ProblemPlan plan) => new(JsonSerializer.Serialize(plan), PlanIdentity.Hash(plan));

    /// <summary>The plan as this node reads it; a <see cref="WireFormatException"/> if that is not the plan the sender hashed.</summary>
    public static ProblemPlan FromWire(ProblemPlanJson wire)
    {
        ProblemPlan plan;
        try
        {
            plan = JsonSerializer.Deserialize<ProblemPlan>(wire.Json) ?? throw new JsonException("the plan is null");
        }
        catch (JsonException e)
        {
            throw new WireFormatException($"A problem plan from the coordinator cannot be read here ({e.Message}): run the same ActorPipeline release on every node.");
        }
        string hash = PlanIdentity.Hash(plan);
        if (hash != wire.Hash)
            throw new WireFormatException($"The plan of {plan.Problem} reads differently here (hash {hash}, the coordinator's {wire.Hash}): run the same ActorPipeline release on every node.");
        return plan;
    }
}
