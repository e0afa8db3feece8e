using System.Runtime.CompilerServices;

namespace ActorPipeline.Tests.Support;

/// <summary>
/// Runs libtorch's CPU kernels on one thread in the test process. On this project's build machines
/// (AMD EPYC with AVX-512, TorchSharp-cpu 0.107.0) the multi-threaded conv2d backward pass returns
/// wrong input gradients (max difference 12.6 against the one-thread result for a 32×8×32×32 batch),
/// so trainings with 2+ threads are not reproducible and often diverge to NaN; with one thread they are
/// bit-identical from run to run. Tests that compare trainings bit for bit need that.
/// </summary>
internal static class TorchThreads
{
    [ModuleInitializer]
    internal static void UseOneThread() => TorchSharp.torch.set_num_threads(1);
}
