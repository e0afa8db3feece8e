using ActorPipeline.Host.Cli;
using ActorPipeline.Host.Persistence;
using ActorPipeline.Host.Planning;

namespace ActorPipeline.Host.UseCases;

/// <summary>
/// Everything before any actor runs: the data's location and md5 (the sweep's identity; the images themselves are read
/// only when work remains), the plan, the folder (refusing one that holds another sweep), the journal's preflight, the
/// writer's lock, and the manifest (written only by the one writer).
/// </summary>
public static class SweepPreparation
{
    public static async Task<PreparedSweep> PrepareAsync(SweepRequest request, CancellationToken cancellation)
    {
        var settings = request.Settings;
        var location = await Cifar10Loading.ConsoleSource(request.AllowDownload).ResolveAsync(settings.Data, cancellation);
        string checksum = location.Md5 ?? location.Path;
        var plan = SweepPlanner.Plan(settings, checksum, "") with { DataChecksum = checksum };
        var folder = Path.GetFullPath(settings.Output ?? Path.Combine("runs", $"sweep-{request.ProfileName}-{plan.SweepId}"));
        plan = plan with { ArtifactFolder = Path.Combine(folder, "artifacts") };
        var existing = SweepManifest.TryLoad(folder);
        if (existing is not null && existing.SweepId != plan.SweepId)
            throw new ArgumentException($"{folder} holds sweep {existing.SweepId}, not {plan.SweepId} (the settings differ); choose another --out or delete it.");
        // cpu_threads: auto resolved once, when the sweep was created: a resume (on any machine) keeps that count (it is not in the id).
        if (SweepPlanner.AutoThreadsOf(existing?.Plan) is { } recorded)
            plan = SweepPlanner.Plan(settings, checksum, plan.ArtifactFolder, recorded) with { DataChecksum = checksum };
        Directory.CreateDirectory(folder);
        var journal = JournalSettings.From(settings.Persistence, folder);
        await JournalPreflight.CheckAsync(journal, cancellation);
        var writer = SweepLock.Acquire(journal, folder, plan.SweepId);
        // Only the one writer writes the manifest: a refused second process leaves the running sweep's untouched.
        new SweepManifest(plan.SweepId, request.ProfileName, settings, plan, location.Path, checksum) { StartedAt = existing?.StartedAt ?? DateTime.UtcNow }.Save(folder);
        return new PreparedSweep(plan, folder, journal, location, writer);
    }
}
