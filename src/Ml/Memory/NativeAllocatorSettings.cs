using System.Runtime.CompilerServices;

namespace ActorPipeline.Ml.Memory;

/// <summary>
/// glibc malloc settings that keep a training step from page-faulting its tensors in afresh every batch.
/// <para>
/// libtorch allocates each activation and gradient buffer with malloc and frees it within the batch. glibc serves
/// blocks above its mmap threshold (128 KiB at start) with a fresh mmap and returns memory above its trim threshold
/// to the kernel on free; both are raised only by accident of what was freed earlier (its "dynamic" threshold), so the
/// next batch touches the same megabytes as new pages: measured with `bench --batch-log` (minor_page_faults) on cifar2,
/// 12,000–18,000 page faults per batch (≈ 60 MB zeroed by the kernel) for the first ~40 batches of a process and, in a
/// loop without evaluation passes, for good; with the settings below, under 600 per batch from the second batch on,
/// and the step ~3× faster. `train` used to reach the same state only after its first evaluation pass freed large
/// blocks (why its first epoch ran at a third of the speed of the rest).
/// </para>
/// <para>
/// Settings: mmap threshold 32 MiB (glibc's largest allowed; its dynamic rule never goes higher either) and trim
/// threshold 64 MiB (twice that, as the dynamic rule sets it): the values glibc's own heuristics end at, set from the
/// start. Freed memory up to 64 MiB per arena stays mapped for reuse while a step runs; between steps
/// <see cref="FreedMemory"/> gives the rest back. Skipped when the user set any MALLOC_*_ threshold variable, and off
/// glibc (mallopt is glibc's; musl and other platforms keep their allocator).
/// </para>
/// </summary>
internal static class NativeAllocatorSettings
{
    public const int MmapThresholdBytes = 32 << 20;
    public const int TrimThresholdBytes = 64 << 20;
    private static readonly string[] UserVariables = ["MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_", "MALLOC_TOP_PAD_", "MALLOC_MMAP_MAX_"];

    /// <summary>Whether the settings were applied in this process.</summary>
    public static bool Applied { get; private set; }

#pragma warning disable CA2255 // a library module initializer: it must run before libtorch allocates anything
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Apply()
    {
        if (UserVariables.Any(v => Environment.GetEnvironmentVariable(v) is not null)) return;
        Applied = GlibcMalloc.SetMmapThreshold(MmapThresholdBytes, TrimThresholdBytes);
    }
}
