using ActorPipeline.Actors.Wire;
using ActorPipeline.Host.Planning;

namespace ActorPipeline.Host.Cluster;

/// <summary>
/// What a worker checks before it pulls work for a sweep: that its --sweep-folder is that sweep's folder (the shared
/// filesystem is mounted where it says), and that its data copy is the sweep's (same md5). An error says what to fix.
/// </summary>
public static class WorkerAdmission
{
    public static string? Check(NodeRegistered sweep, string sweepRoot, string dataPath, string dataChecksum)
    {
        var manifest = SweepManifest.TryLoad(sweepRoot);
        if (manifest is null)
            return SweepFolderArgument.NoSweepIn(sweepRoot);
        if (manifest.SweepId != sweep.SweepId)
            return $"--sweep-folder {sweepRoot} holds sweep {manifest.SweepId}, but the coordinator runs sweep {sweep.SweepId}: pass the folder of sweep {sweep.SweepId}";
        if (!string.Equals(dataChecksum, sweep.DataChecksum, StringComparison.OrdinalIgnoreCase))
            return $"this node's data ({dataPath}, {Describe(dataChecksum)}) is not the sweep's ({Describe(sweep.DataChecksum)}): give --data a copy of the same archive";
        return null;
    }

    private static string Describe(string checksum) => checksum.Length == 32 && checksum.All(Uri.IsHexDigit) ? $"md5 {checksum}" : $"unverifiable folder {checksum}";
}
