using ActorPipeline.Actors.Dispatch;
using ActorPipeline.Actors.Plans;
using ActorPipeline.Actors.Problems;
using ActorPipeline.Tests.Actors;
using ActorPipeline.Ml.Experiments;
using Akka.Actor;

namespace ActorPipeline.Tests.Dispatch;

/// <summary>Work orders for dispatcher tests: only the id and whom to report to matter, the dispatcher never looks inside.</summary>
internal static class TestOrders
{
    /// <summary>The plans of the orders' problem, for the dispatcher to give the nodes that register.</summary>
    public static IReadOnlyList<ProblemPlan> Plans { get; } = [FakePlans.Problem()];

    public static WorkOrder Repetition(string assignmentId, IActorRef reportTo, int repetition = 0) =>
        new(assignmentId, FakePlans.Problem(), repetition, new RepetitionStep(Iteration: 1, MeasureOnly: false),
            DenseFolder: "cifar2/dense", Folder: $"cifar2/rep-{repetition:D2}", TraceParent: null, reportTo);

    /// <summary><paramref name="count"/> orders with ids "order-1" … "order-n".</summary>
    public static IReadOnlyList<WorkOrder> Numbered(int count, IActorRef reportTo) =>
        Enumerable.Range(1, count).Select(n => Repetition($"order-{n}", reportTo, repetition: n - 1)).ToList();
}
