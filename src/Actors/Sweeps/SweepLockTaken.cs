namespace ActorPipeline.Actors.Sweeps;

/// <summary>Published when the sweep's database lock, lost with its session, was taken by <paramref name="Holder"/>: the sweep stops (exit 4).</summary>
public sealed record SweepLockTaken(string Holder);
