namespace ActorPipeline.Host.Reports;

/// <summary>
/// One row of results/provenance.csv: a recorded step (the dense training, an IMP iteration trained or measured) and where
/// and how it was computed. <see cref="Repetition"/> is null for the dense step; the provenance fields are empty (and
/// <see cref="Threads"/> null) for a step recorded before provenance was.
/// </summary>
public sealed record ProvenanceRecord(
    string Problem, int? Repetition, int Iteration, string Step, string Node, string Device, string DeviceName, string Libtorch, string TorchSharp,
    int? Threads, bool? Deterministic, string DataMd5, int Line = 0)
{
    /// <summary>The device's kind: its type ("cpu", "cuda") and what it is, e.g. "cuda (NVIDIA H100 80GB HBM3)"; "unknown" without provenance.</summary>
    public string DeviceKind
    {
        get
        {
            if (Device.Length == 0) return "unknown";
            string type = Device.Split(':')[0];
            return DeviceName.Length > 0 && DeviceName != Device ? $"{type} ({DeviceName})" : type;
        }
    }

    public bool HasProvenance => Device.Length > 0;
}
