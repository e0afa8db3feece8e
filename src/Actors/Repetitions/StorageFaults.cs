using ActorPipeline.Ml.Training;

namespace ActorPipeline.Actors.Repetitions;

/// <summary>Tells a storage fault (an artifact could not be written) from a failure of the work.</summary>
internal static class StorageFaults
{
    public static StorageFaultException? Find(Exception failure)
    {
        for (var e = failure; e is not null; e = e.InnerException)
            if (e is StorageFaultException storage) return storage;
        return null;
    }
}
