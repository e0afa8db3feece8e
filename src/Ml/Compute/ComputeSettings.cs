using static TorchSharp.torch;

namespace ActorPipeline.Ml.Compute;

/// <summary>
/// The compute settings that change numbers, as a plan fixes them (<see cref="Experiments.ProblemPlan.Compute"/>): libtorch's
/// CPU threads and deterministic kernels. Every step of the recipe applies them on the thread that computes, before its
/// first tensor operation, so a step's numbers do not depend on the process, node or OpenMP environment it ran in.
/// <para>
/// Why per thread: libtorch's CPU kernels run on an OpenMP team of the calling thread, and torch.set_num_threads sets
/// that thread's team size (and the default of threads that have not run torch yet): a thread that ran torch before keeps
/// its own. So the recipe applies the threads at the start of every piece of work on the thread that does it; two slots of
/// one process can then never change each other's count. Determinism is process-wide in libtorch (see <see cref="Use"/>).
/// </para>
/// </summary>
/// <param name="Threads">torch.set_num_threads for the step; null: the process's own (plans written before the setting existed).</param>
/// <param name="Deterministic">torch.use_deterministic_algorithms and, for CUDA, a deterministic cuBLAS workspace.</param>
public sealed record ComputeSettings(int? Threads, bool Deterministic)
{
    /// <summary>What a plan from before these settings existed asks for: nothing (the process's defaults).</summary>
    public static ComputeSettings ProcessDefaults { get; } = new(null, false);

    /// <summary>The most threads a plan may ask for: more than any machine has is a typing error, not a setting.</summary>
    public const int MaximumThreads = 1024;

    /// <summary>Sets this thread's libtorch CPU threads to <see cref="Threads"/> (nothing when null).</summary>
    public void ApplyThreadsHere()
    {
        if (Threads is { } threads && get_num_threads() != threads) set_num_threads(threads);
    }

    /// <summary>
    /// Applies the settings for one step on this thread: the threads here, determinism process-wide. While the returned lease
    /// is held, a step of this process that asks for the other determinism fails (deterministically: running plans with
    /// different determinism needs separate processes); a sweep has one value for all its problems, so its slots always agree.
    /// </summary>
    public IDisposable Use()
    {
        var lease = ProcessDeterminism.Acquire(Deterministic);
        try
        {
            ApplyThreadsHere();
            return lease;
        }
        catch
        {
            lease.Dispose();
            throw;
        }
    }

    public string Describe() => $"{(Threads is { } t ? $"{t} CPU thread{(t == 1 ? "" : "s")}" : "the process's CPU threads")}, deterministic {(Deterministic ? "on" : "off")}";
}
