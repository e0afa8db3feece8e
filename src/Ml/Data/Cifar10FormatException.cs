namespace ActorPipeline.Ml.Data;

/// <summary>
/// CIFAR-10 data that is missing or does not have the official binary layout. The message names
/// the file (and the record or class) that is wrong and what to do about it.
/// </summary>
public sealed class Cifar10FormatException : Exception
{
    public Cifar10FormatException(string path, string defect, Exception? inner = null)
        : base($"{path}: {defect}", inner)
    {
        Path = path;
        Defect = defect;
    }

    /// <summary>The file, archive entry or folder at fault.</summary>
    public string Path { get; }

    /// <summary>What is wrong with it.</summary>
    public string Defect { get; }
}
