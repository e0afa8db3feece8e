namespace ActorPipeline.Ml.Data;

/// <summary>Progress of a download: bytes received so far and the total when the server announced it.</summary>
public readonly record struct DownloadProgress(long BytesDone, long? BytesTotal)
{
    /// <summary>0..1, or null when the total is unknown.</summary>
    public double? Fraction => BytesTotal is > 0 ? (double)BytesDone / BytesTotal.Value : null;
}
