using System.Reflection;

namespace ActorPipeline.Tests.Architecture;

/// <summary>
/// The layering of src: no two namespaces depend on each other, however indirectly (read from the compiled code, see
/// <see cref="NamespaceGraph"/>), and the three projects depend one way: Host → Actors → Ml, with Ml free of Akka.
/// </summary>
public sealed class NamespaceCycleTests
{
    private static readonly Assembly Ml = typeof(ActorPipeline.Ml.Experiments.ProblemPlan).Assembly;
    private static readonly Assembly Actors = typeof(ActorPipeline.Actors.Sweeps.SweepCoordinator).Assembly;
    private static readonly Assembly Host = typeof(ActorPipeline.Host.CliApp).Assembly;

    [Fact]
    public void No_namespace_in_src_depends_on_itself_through_another()
    {
        var graph = new NamespaceGraph([Ml, Actors, Host], "ActorPipeline.");
        Assert.Contains("ActorPipeline.Actors.Dispatch", graph.Namespaces); // the graph saw the code

        var cycles = graph.Cycles();

        Assert.True(cycles.Count == 0, "Namespace cycles:" + Environment.NewLine + string.Join(Environment.NewLine, cycles.Select(graph.Describe)));
    }

    [Fact]
    public void Ml_knows_nothing_of_actors()
    {
        var references = Ml.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        Assert.DoesNotContain(references, name => name.StartsWith("Akka", StringComparison.Ordinal));
        Assert.DoesNotContain(references, name => name.StartsWith("ActorPipeline.", StringComparison.Ordinal));
    }

    [Fact]
    public void Actors_know_nothing_of_the_host()
    {
        Assert.DoesNotContain(Actors.GetReferencedAssemblies(), a => a.Name == Host.GetName().Name);
    }

    [Fact]
    public void The_checker_finds_a_cycle_between_two_namespaces()
    {
        var graph = new NamespaceGraph([typeof(CycleSample.Left.A).Assembly], "ActorPipeline.Tests.Architecture.CycleSample.");

        var cycle = Assert.Single(graph.Cycles());

        Assert.Equal(["ActorPipeline.Tests.Architecture.CycleSample.Left", "ActorPipeline.Tests.Architecture.CycleSample.Right"], cycle);
        Assert.Equal("Left ⇒ Right (A → B) → Right ⇒ Left (B → A)", graph.ClosedPath(cycle));
    }
}
