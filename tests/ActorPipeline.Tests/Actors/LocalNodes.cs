using ActorPipeline.Actors.Compute;
using ActorPipeline.Actors.Dispatch;
using ActorPipeline.Actors.Nodes;
using ActorPipeline.Actors.Plans;
using ActorPipeline.Actors.Wire;
using ActorPipeline.Ml.Experiments;
using Akka.Actor;

namespace ActorPipeline.Tests.Actors;

/// <summary>Work as one process runs it: a dispatcher (or a coordinator, which owns one) and a node agent with CPU slots that pulls from it.</summary>
internal static class LocalNodes
{
    /// <summary>
    /// A dispatcher for a problem supervisor of <paramref name="plan"/> under test, with one node of <paramref name="slots"/>
    /// CPU slots pulling from it (the node runs the plan it receives when it registers: the supervisor's).
    /// </summary>
    public static IActorRef Dispatcher(ActorSystem system, IExperimentCompute compute, int slots, ProblemPlan plan, string artifactFolder = "artifacts")
    {
        var dispatcher = system.ActorOf(WorkDispatcher.Props("test-sweep", dataChecksum: "", [plan]));
        Join(system, dispatcher, compute, slots, artifactFolder);
        return dispatcher;
    }

    /// <summary>Starts a node agent of <paramref name="slots"/> CPU slots that registers with <paramref name="coordinator"/> (a coordinator or a dispatcher).</summary>
    public static IActorRef Join(ActorSystem system, IActorRef coordinator, IExperimentCompute compute, int slots, string artifactFolder, string name = "local") =>
        system.ActorOf(NodeAgent.Props(new NodeDescription(name, ["cpu"], slots), SweepPaths.Root(artifactFolder), coordinator, compute));
}
