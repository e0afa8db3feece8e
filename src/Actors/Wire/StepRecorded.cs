namespace ActorPipeline.Actors.Wire;

/// <summary>The supervisor has recorded the step a worker reported: the worker may go on. Passed to the worker unchanged.</summary>
public sealed record StepRecorded(int Repetition, int Iteration) : IWireMessage;
