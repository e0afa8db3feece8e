using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ActorPipeline.Ml;

/// <summary>
/// Native settings that must be in place before libtorch runs its first kernel.
/// <para>
/// oneDNN 3.7.1 (inside TorchSharp-cpu 0.107.0's libtorch) picks its "jit:avx512_core" float32
/// convolution backward-data kernel on AVX-512 CPUs, and on this project's AMD EPYC machines that
/// kernel returns wrong input gradients (garbage or NaN, also on one thread; forward and weight
/// gradients are right): every CPU training is then wrong, not reproducible, and often ends in NaN.
/// Capping oneDNN at AVX2 (ONEDNN_MAX_CPU_ISA=AVX2) gives gradients that match a float64 reference.
/// The cap is set into the process's native environment (which .NET's Environment API does not reach)
/// unless the variable is already set, so a user can still choose another ISA. CUDA is unaffected.
/// </para>
/// </summary>
internal static class NativeRuntime
{
    public const string OneDnnIsaVariable = "ONEDNN_MAX_CPU_ISA";

#pragma warning disable CA2255 // a library module initializer is the point: it must run before any tensor code
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void CapOneDnnIsa()
    {
        if (OperatingSystem.IsWindows() || Environment.GetEnvironmentVariable(OneDnnIsaVariable) is not null) return;
        if (RuntimeInformation.ProcessArchitecture != Architecture.X64) return;
        _ = SetEnv(OneDnnIsaVariable, "AVX2", 0);
        Environment.SetEnvironmentVariable(OneDnnIsaVariable, "AVX2");
    }

    /// <summary>Sets <paramref name="name"/> in the native environment (what libtorch and CUDA read) and in .NET's view of it.</summary>
    internal static void SetNativeVariable(string name, string value)
    {
        if (!OperatingSystem.IsWindows()) _ = SetEnv(name, value, 1);
        Environment.SetEnvironmentVariable(name, value);
    }

    [DllImport("libc", EntryPoint = "setenv")]
    private static extern int SetEnv([MarshalAs(UnmanagedType.LPUTF8Str)] string name, [MarshalAs(UnmanagedType.LPUTF8Str)] string value, int overwrite);
}
