using ActorPipeline.Ml.Memory;

namespace ActorPipeline.Actors.Bench;

/// <summary>The process's memory when a sweep's step count reached <see cref="Step"/>.</summary>
public sealed record MemorySample(int Step, TimeSpan Elapsed, MemorySnapshot Memory);
