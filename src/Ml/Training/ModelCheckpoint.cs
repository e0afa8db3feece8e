using ActorPipeline.Ml.Models;
using TorchSharp;

namespace ActorPipeline.Ml.Training;

/// <summary>
/// Saves and loads a network's full state (parameters and batch-norm buffers) bit-exactly in
/// TorchSharp's state-dict format. Saving is atomic: a reader never sees half a file.
/// </summary>
public static class ModelCheckpoint
{
    public static void Save(PaperCnn model, string path) => AtomicFile.Write(path, temp => model.save(temp));

    public static void Load(PaperCnn model, string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"Checkpoint {path} does not exist.", path);
        try
        {
            model.load(path, strict: true);
        }
        catch (Exception e) when (e is not FileNotFoundException)
        {
            throw new InvalidDataException($"Checkpoint {path} does not fit network {model.Spec} with {model.ClassCount} classes: {e.Message}", e);
        }
    }
}
