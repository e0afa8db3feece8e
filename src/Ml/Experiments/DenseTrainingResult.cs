using ActorPipeline.Ml.Training;

namespace ActorPipeline.Ml.Experiments;

/// <summary>What a finished dense training left in its folder.</summary>
public sealed record DenseTrainingResult(
    string FinalWeightsPath,
    string RewindWeightsPath,
    int RewindEpoch,
    int EpochsRun,
    bool StoppedEarly,
    int? BestEpoch,
    double FinalTestAccuracy,
    IReadOnlyList<EpochReport> History);
