using System.Runtime.InteropServices;
using ActorPipeline.Ml.Memory;

namespace ActorPipeline.Tests.Memory;

/// <summary>
/// The allocator's counters against allocations the test makes itself with malloc (Marshal.AllocHGlobal), measured as
/// differences so that other threads' allocations and frees only add noise, either way, far below the sizes used.
/// </summary>
[Collection(nameof(ActorPipeline.Tests.Sweeps.SweepResourceTests))] // alone: other tests allocate hundreds of MB meanwhile
public sealed class GlibcMallocTests
{
    private const long Size = 256L << 20;

    [Fact]
    public void An_allocation_shows_in_use_and_its_release_shows_free_or_unmapped()
    {
        Assert.True(GlibcMalloc.Available, "this machine runs glibc: mallinfo2 must resolve");
        var before = GlibcMalloc.Totals()!;
        nint block = Marshal.AllocHGlobal((nint)Size); // malloc on Linux
        try
        {
            Marshal.Copy(new byte[1 << 20], 0, block, 1 << 20);
            var during = GlibcMalloc.Totals()!;
            // Other threads (the finalizer, earlier tests' lanes and actor systems winding down) allocate and free meanwhile,
            // in either direction: a CI run saw 23,840 bytes less than the block. The noise is far below the block's size.
            Assert.InRange(during.InUseBytes - before.InUseBytes, Size - (64L << 20), Size + (64L << 20));
        }
        finally
        {
            Marshal.FreeHGlobal(block);
        }
        var after = GlibcMalloc.Totals()!;
        Assert.InRange(after.InUseBytes - before.InUseBytes, -(64L << 20), 64L << 20);
        Assert.True(after.Arenas >= 1);
    }

    [Fact]
    public void A_snapshot_reads_resident_memory_its_peak_threads_and_the_allocator()
    {
        var snapshot = MemorySnapshot.Take();
        Assert.True(snapshot.ResidentBytes > 10L << 20);
        Assert.True(snapshot.PeakResidentBytes >= snapshot.ResidentBytes);
        Assert.True(snapshot.Threads >= 2);
        Assert.NotNull(snapshot.Native);
        Assert.True(snapshot.ManagedHeapBytes > 0);
    }

    [Fact]
    public void Releasing_freed_memory_gives_resident_pages_back()
    {
        // 64 KiB pieces stay below the mmap threshold: they live in an arena, freed they stay resident until trimmed.
        const int pieces = 2048, piece = 64 << 10;
        var blocks = new List<nint>();
        var ones = Enumerable.Repeat((byte)7, piece).ToArray();
        for (int i = 0; i < pieces; i++)
        {
            var block = Marshal.AllocHGlobal(piece);
            Marshal.Copy(ones, 0, block, piece); // touched: resident
            blocks.Add(block);
        }
        // Free all but every 64th piece, so the heap cannot just shrink from its top.
        for (int i = 0; i < pieces; i++) if (i % 64 != 0) Marshal.FreeHGlobal(blocks[i]);
        long held = MemorySnapshot.Take().ResidentBytes;
        bool released = GlibcMalloc.Trim();
        long after = MemorySnapshot.Take().ResidentBytes;
        for (int i = 0; i < pieces; i += 64) Marshal.FreeHGlobal(blocks[i]);

        Assert.True(released);
        Assert.True(held - after > 64L << 20, $"resident memory went from {held >> 20} MB to {after >> 20} MB; about 124 MB should have been given back");
    }

    [Theory]
    [InlineData(100L << 20, 512L << 20)]
    [InlineData(1024L << 20, 512L << 20)]
    [InlineData(4096L << 20, 2048L << 20)]
    public void Native_memory_is_trimmed_once_it_grew_by_512_MiB_or_half_its_level(long level, long allowance) =>
        Assert.Equal(allowance, FreedMemory.GrowthAllowance(level));
}
