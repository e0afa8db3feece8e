using System.Runtime.InteropServices;

namespace ActorPipeline.Ml.Compute;

/// <summary>
/// libtorch's deterministic-algorithms switch (PyTorch's torch.use_deterministic_algorithms), called in libtorch itself:
/// TorchSharp 0.107 declares use_deterministic_algorithms and are_deterministic_algorithms_enabled but marks both "not
/// implemented". at::globalContext() returns the process's at::Context; its setter and getter are plain member functions,
/// which on x86-64 and arm64 Linux take the object as their first argument. The library is the one TorchSharp already loaded.
/// </summary>
internal static class LibtorchDeterminism
{
    private const string Library = "libtorch_cpu.so";

    public static bool Enabled
    {
        get
        {
            EnsureTorchLoaded();
            return DeterministicAlgorithms(GlobalContext());
        }
    }

    /// <summary>On: libtorch picks deterministic kernels, and raises where an operation has none (warn only: off).</summary>
    public static void Set(bool enabled)
    {
        EnsureTorchLoaded();
        SetDeterministicAlgorithms(GlobalContext(), enabled, warnOnly: false);
    }

    // Any TorchSharp call loads libtorch (with its dependencies) first, so the name below resolves to that library.
    private static void EnsureTorchLoaded() => _ = TorchSharp.torch.get_num_threads();

    [DllImport(Library, EntryPoint = "_ZN2at13globalContextEv")]
    private static extern IntPtr GlobalContext();

    [DllImport(Library, EntryPoint = "_ZN2at7Context26setDeterministicAlgorithmsEbb")]
    private static extern void SetDeterministicAlgorithms(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled, [MarshalAs(UnmanagedType.U1)] bool warnOnly);

    [DllImport(Library, EntryPoint = "_ZNK2at7Context23deterministicAlgorithmsEv")]
    [return: MarshalAs(UnmanagedType.U1)]
    private static extern bool DeterministicAlgorithms(IntPtr context);
}
