using ActorPipeline.Ml.Data;
using ActorPipeline.Ml.Experiments;

namespace ActorPipeline.Actors.Compute;

/// <summary>The CPU-side splits of a problem (train, validation, test, probe), the same for every worker of the problem.</summary>
public interface IProblemDataProvider
{
    ProblemData Get(ProblemPlan plan);
}
