namespace ActorPipeline.Ml.Similarity;

/// <summary>Entry point for NumPy .npy activation files: streaming reads (<see cref="NpyReader"/>) and writes (<see cref="NpyWriter"/>).</summary>
public static class NpyFile
{
    /// <summary>Opens <paramref name="path"/> and validates its header; read it with <see cref="NpyReader.ReadNext"/>.</summary>
    public static NpyReader OpenRead(string path) => new(path);

    public static void Write(string path, float[] values, params long[] shape) => NpyWriter.Write(path, values, shape);

    public static void Write(string path, double[] values, params long[] shape) => NpyWriter.Write(path, values, shape);
}
