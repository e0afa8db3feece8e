using System.Runtime.InteropServices;

namespace ActorPipeline.Ml.Memory;

/// <summary>
/// glibc's allocator, seen and tuned from .NET: libtorch allocates every CPU tensor with malloc, so what the process's
/// resident memory does over a long sweep is decided here. Everything is a no-op (or null) where glibc's
/// allocator is not the one in use (Windows, macOS, musl).
/// </summary>
public static partial class GlibcMalloc
{
    // mallopt parameters (malloc.h).
    private const int M_TRIM_THRESHOLD = -1;
    private const int M_MMAP_THRESHOLD = -3;
    private const int M_ARENA_MAX = -8;

    /// <summary>Whether the process runs on glibc's malloc (mallinfo2 and friends resolve).</summary>
    public static bool Available { get; } = Probe();

    /// <summary>The allocator's totals over every arena (mallinfo2), or null without glibc.</summary>
    public static MallocTotals? Totals()
    {
        if (!Available) return null;
        var info = MallInfo2();
        return new MallocTotals(
            HeapBytes: (long)info.arena, MappedBytes: (long)info.hblkhd, InUseBytes: (long)(info.uordblks + info.hblkhd),
            FreeHeldBytes: (long)info.fordblks, Arenas: CountArenas());
    }

    /// <summary>Arenas the allocator has made so far (heaps listed by malloc_info), or 0 if unknown.</summary>
    public static int CountArenas()
    {
        if (!Available) return 0;
        string xml = MallocInfoXml();
        int count = 0;
        for (int at = xml.IndexOf("<heap nr=", StringComparison.Ordinal); at >= 0; at = xml.IndexOf("<heap nr=", at + 1, StringComparison.Ordinal)) count++;
        return count;
    }

    /// <summary>Caps the number of arenas (like MALLOC_ARENA_MAX); true if glibc took it.</summary>
    public static bool LimitArenas(int arenas) => Available && MallOpt(M_ARENA_MAX, arenas) == 1;

    /// <summary>
    /// Fixes the size from which an allocation is its own mapping, returned to the system when freed (like
    /// MALLOC_MMAP_THRESHOLD_). Setting it also stops glibc from raising the threshold by itself, and sets the trim
    /// threshold to twice the value unless <paramref name="trimThreshold"/> says otherwise.
    /// </summary>
    public static bool SetMmapThreshold(int bytes, int? trimThreshold = null) =>
        Available && MallOpt(M_MMAP_THRESHOLD, bytes) == 1 && MallOpt(M_TRIM_THRESHOLD, trimThreshold ?? 2 * bytes) == 1;

    /// <summary>Gives free memory at the top and inside every arena back to the system (malloc_trim(0)); true if any was released.</summary>
    public static bool Trim() => Available && MallocTrim(0) == 1;

    private static bool Probe()
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            _ = MallInfo2();
            return true;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return false;
        }
    }

    private static string MallocInfoXml()
    {
        // malloc_info writes XML to a FILE*; an in-memory stream keeps it off the disk.
        IntPtr buffer = IntPtr.Zero;
        UIntPtr size = UIntPtr.Zero;
        IntPtr stream = OpenMemStream(ref buffer, ref size);
        if (stream == IntPtr.Zero) return "";
        try
        {
            _ = MallocInfo(0, stream);
        }
        finally
        {
            _ = FClose(stream);
        }
        try
        {
            return Marshal.PtrToStringUTF8(buffer, (int)size) ?? "";
        }
        finally
        {
            Free(buffer);
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct MallInfo2Struct
    {
        public nuint arena, ordblks, smblks, hblks, hblkhd, usmblks, fsmblks, uordblks, fordblks, keepcost;
    }

    [LibraryImport("libc", EntryPoint = "mallinfo2")]
    private static partial MallInfo2Struct MallInfo2();

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int MallOpt(int parameter, int value);

    [LibraryImport("libc", EntryPoint = "malloc_trim")]
    private static partial int MallocTrim(nuint pad);

    [LibraryImport("libc", EntryPoint = "malloc_info")]
    private static partial int MallocInfo(int options, IntPtr stream);

    [LibraryImport("libc", EntryPoint = "open_memstream")]
    private static partial IntPtr OpenMemStream(ref IntPtr buffer, ref UIntPtr size);

    [LibraryImport("libc", EntryPoint = "fclose")]
    private static partial int FClose(IntPtr stream);

    [LibraryImport("libc", EntryPoint = "free")]
    private static partial void Free(IntPtr pointer);
}
