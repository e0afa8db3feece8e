using ActorPipeline.Ml.Models;

namespace ActorPipeline.Ml.Training;

/// <summary>Where callers plug into a training without changing it.</summary>
public sealed class TrainingHooks
{
    /// <summary>Runs after every optimizer step (IMP re-applies its masks here).</summary>
    public Action<PaperCnn>? AfterOptimizerStep { get; init; }

    /// <summary>Runs after each epoch, once its state is saved (progress, rewind-point checkpoints).</summary>
    public Action<EpochReport, PaperCnn>? EpochCompleted { get; init; }

    /// <summary>
    /// When set, the full resumable state (weights, optimizer, early-stopping state, history) is saved
    /// here after every epoch, and a training started with the same directory continues after the last
    /// saved epoch: a crash loses at most the epoch in progress.
    /// </summary>
    public string? CheckpointDirectory { get; init; }
}
