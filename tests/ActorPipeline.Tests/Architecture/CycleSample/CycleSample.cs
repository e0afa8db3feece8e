// Two namespaces that use each other: what NamespaceCycleTests must find (and nothing else in this folder's prefix).
namespace ActorPipeline.Tests.Architecture.CycleSample.Left
{
    internal sealed class A
    {
        public static int Count() => new Right.B().Items.Count;
    }
}

namespace ActorPipeline.Tests.Architecture.CycleSample.Right
{
    internal sealed class B
    {
        public List<object> Items { get; } = [typeof(Left.A)];
    }
}
