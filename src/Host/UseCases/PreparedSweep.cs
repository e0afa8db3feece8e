using ActorPipeline.Actors.Plans;
using ActorPipeline.Host.Persistence;
using ActorPipeline.Ml.Data;

namespace ActorPipeline.Host.UseCases;

/// <summary>
/// A sweep ready to run: its plan (with the data's checksum and its artifact folder), its folder, its journal (checked),
/// the data's location, and the writer's lock, held until this is disposed.
/// </summary>
public sealed record PreparedSweep(SweepPlan Plan, string Folder, JournalSettings Journal, Cifar10Location Data, SweepLock WriterLock) : IDisposable
{
    public void Dispose() => WriterLock.Dispose();
}
