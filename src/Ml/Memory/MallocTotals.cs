namespace ActorPipeline.Ml.Memory;

/// <summary>
/// The allocator's view of native memory: bytes in arena heaps (sbrk/heap mappings), in individual mappings, in use
/// by live allocations, and held free inside the heaps (the part resident memory keeps without any leak).
/// </summary>
public sealed record MallocTotals(long HeapBytes, long MappedBytes, long InUseBytes, long FreeHeldBytes, int Arenas);
