namespace ActorPipeline.Actors.Wire;

/// <summary>A step's provenance on the wire (new in report-dense-trained.v3, report-iteration-trained.v2, report-iteration-measured.v3): the computing node, its device and what it is, library versions, CPU threads, determinism, the data's md5.</summary>
public sealed record ProvenanceValue(string Node, string Device, string DeviceName, string Libtorch, string TorchSharp, int Threads, bool Deterministic, string DataMd5);
