using ActorPipeline.Ml.Compute;

namespace ActorPipeline.Actors.Compute;

/// <summary>
/// Where and how a step was computed: the node, the device and what it is, the libtorch and TorchSharp versions, the CPU
/// threads and determinism it ran with, and the md5 of the data the node read. The compute fills all but the node, which
/// the node's assignment runner adds as the report leaves it.
/// </summary>
public sealed record StepProvenance(string Node, string Device, string DeviceName, string Libtorch, string TorchSharp, int Threads, bool Deterministic, string DataMd5)
{
    public static StepProvenance From(ComputeProvenance compute, string dataMd5) =>
        new("", compute.Device, compute.DeviceName, compute.Libtorch, compute.TorchSharp, compute.Threads, compute.Deterministic, dataMd5);
}
