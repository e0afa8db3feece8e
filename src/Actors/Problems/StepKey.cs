namespace ActorPipeline.Actors.Problems;

/// <summary>One recordable step of a repetition: iteration <paramref name="Iteration"/> trained, or (<paramref name="Measurement"/>) measured.</summary>
public readonly record struct StepKey(int Repetition, int Iteration, bool Measurement);
