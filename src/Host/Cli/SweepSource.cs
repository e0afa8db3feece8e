using ActorPipeline.Actors.Plans;
using ActorPipeline.Ml.Data;
using ActorPipeline.Ml.Experiments;
using ActorPipeline.Host.Planning;

namespace ActorPipeline.Host.Cli;

/// <summary>
/// One problem of an existing sweep, for re-running a stage of it alone (`train --sweep`, `imp --sweep`): its plan,
/// its dense folder, and its data, checked against the checksum the sweep recorded.
/// </summary>
internal sealed record SweepSource(string Folder, SweepManifest Manifest, ProblemPlan Plan)
{
    public static SweepSource Open(string folder, string problem)
    {
        var manifest = SweepManifest.TryLoad(folder) ?? throw new DirectoryNotFoundException($"{folder} holds no sweep ({SweepManifest.FileName} missing).");
        var plan = manifest.Plan.Problems.FirstOrDefault(p => p.Key == problem.ToLowerInvariant())
                   ?? throw new ArgumentException($"Sweep {manifest.SweepId} in {folder} has no problem {problem}; it has {string.Join(", ", manifest.Plan.Problems.Select(p => p.Key))}.");
        return new SweepSource(Path.GetFullPath(folder), manifest, plan);
    }

    /// <summary>The sweep's dense training of this problem (relative to the sweep folder, so a moved sweep still works).</summary>
    public string DenseFolder => SweepPlan.DenseFolder(Path.Combine(Folder, "artifacts"), Plan.Problem);

    /// <summary>The sweep's data (or <paramref name="overridePath"/>), refused unless its checksum is the sweep's.</summary>
    public async Task<(Cifar10Location Location, Cifar10Dataset Dataset)> LoadDataAsync(string? overridePath, bool allowDownload, CancellationToken cancellation)
    {
        var location = await Cifar10Loading.ConsoleSource(allowDownload).ResolveAsync(overridePath ?? Manifest.DataPath, cancellation);
        string checksum = location.Md5 ?? location.Path;
        if (checksum != Manifest.DataChecksum)
            throw new ArgumentException($"The CIFAR-10 copy {location.Path} (md5 {checksum}) is not the one sweep {Manifest.SweepId} ran on (md5 {Manifest.DataChecksum}); pass that copy with --data.");
        return (location, Cifar10Loading.Read(location));
    }
}
