using ActorPipeline.Ml.Models;

namespace ActorPipeline.Ml.Training;

/// <summary>Where callers plug into a training without changing it.</summary>
public sealed class TrainingHooks
{
    /// <summary>
    /// Runs after every backward pass, before gradient clipping and the optimizer step: gradients changed
    /// here are what is clipped and stepped (zeroing the pruned parameters' gradients keeps them out of
    /// the clipped norm, as the authors' later code does).
    /// </summary>
    public Action<PaperCnn>? AfterBackward { get; init; }

    /// <summary>Runs after every optimizer step (IMP re-applies its masks here).</summary>
    public Action<PaperCnn>? AfterOptimizerStep { get; init; }

    /// <summary>
    /// Runs after each epoch, before the epoch is committed to <see cref="CheckpointDirectory"/>: if the
    /// process dies in between, the epoch is redone and the hook runs again, so what it writes (progress,
    /// a rewind-point checkpoint) is never missing for a committed epoch.
    /// </summary>
    public Action<EpochReport, PaperCnn>? EpochCompleted { get; init; }

    /// <summary>
    /// When set, the full resumable state (weights, optimizer, early-stopping state, history) is saved
    /// here after every epoch, and a training started with the same directory continues after the last
    /// saved epoch: a crash loses at most the epoch in progress.
    /// </summary>
    public string? CheckpointDirectory { get; init; }
}
