namespace ActorPipeline.Ml.Compute;

/// <summary>
/// cuBLAS is deterministic only with a fixed workspace (CUBLAS_WORKSPACE_CONFIG ":4096:8" or ":16:8", NVIDIA's cuBLAS
/// notes and PyTorch's reproducibility page); with deterministic algorithms on, libtorch refuses cuBLAS calls without it.
/// libtorch sizes the workspace once, at the process's first cuBLAS call, so the variable must be in the native environment
/// before that: the recipe applies it before each step's first tensor operation, and none of this tool's verbs runs a CUDA
/// matmul earlier. No effect on the CPU.
/// </summary>
public static class CublasWorkspace
{
    public const string Variable = "CUBLAS_WORKSPACE_CONFIG";
    public const string Deterministic = ":4096:8";
    private static readonly string[] DeterministicValues = [Deterministic, ":16:8"];

    /// <summary>Sets the variable to <see cref="Deterministic"/> unless it is set; an error naming it when it is set to a non-deterministic value.</summary>
    public static void RequireDeterministic()
    {
        var current = Environment.GetEnvironmentVariable(Variable);
        if (current is null)
        {
            NativeRuntime.SetNativeVariable(Variable, Deterministic);
            return;
        }
        if (!IsDeterministic(current))
            throw new DeterministicFailureException($"deterministic: true needs {Variable} unset or one of {string.Join(", ", DeterministicValues)}; it is \"{current}\".");
    }

    public static bool IsDeterministic(string value) => DeterministicValues.Contains(value.Trim());
}
