namespace ActorPipeline.Actors.Events;

/// <summary>
/// Where and how a recorded step was computed: the node, the device ("cpu", "cuda:0") and what it is (CPU model, GPU name),
/// the libtorch and TorchSharp versions, libtorch's CPU threads, whether deterministic algorithms were on, and the md5 of
/// the data the node read. New in dense-trained.v3, iteration-trained.v2 and similarity-measured.v4; older events have none.
/// </summary>
public sealed record RecordedProvenance(string Node, string Device, string DeviceName, string Libtorch, string TorchSharp, int Threads, bool Deterministic, string DataMd5);
