
namespace ActorPipeline.Ml.Compute;

/// <summary>
/// libtorch's deterministic-algorithms switch is one per process: this counts the steps that rely on its current value,
/// and refuses a step that asks for the other value while any runs (it would change their kernels under them). With no
/// step running, the next one sets it. Deterministic on also puts a deterministic cuBLAS workspace into the native
/// environment (CUBLAS_WORKSPACE_CONFIG=:4096:8, see <see cref="CublasWorkspace"/>).
/// </summary>
public static class ProcessDeterminism
{
    private static readonly Lock Gate = new();
    private static int _users;
    private static bool _inForce;

    /// <summary>How many steps hold the switch now (for tests).</summary>
    public static int Users
    {
        get { lock (Gate) return _users; }
    }

    public static IDisposable Acquire(bool deterministic)
    {
        lock (Gate)
        {
            if (_users > 0 && _inForce != deterministic)
                throw new DeterministicFailureException(
                    $"this process runs {_users} step(s) with deterministic {(_inForce ? "on" : "off")}; a plan with deterministic {(deterministic ? "on" : "off")} " +
                    "cannot run beside them (libtorch's switch is process-wide): run it in another process.");
            if (_users == 0)
            {
                if (deterministic) CublasWorkspace.RequireDeterministic();
                if (LibtorchDeterminism.Enabled != deterministic) LibtorchDeterminism.Set(deterministic);
                _inForce = deterministic;
            }
            _users++;
            return new Release();
        }
    }

    private sealed class Release : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 1) return;
            lock (Gate) _users--;
        }
    }
}
