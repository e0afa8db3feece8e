using ActorPipeline.Ml.Data;
using ActorPipeline.Tests.Data;

namespace ActorPipeline.Tests.Sweeps;

/// <summary>
/// A CIFAR-10 folder with the official sizes (5 × 10,000 train, 10,000 test records) and synthetic pixels,
/// for tests that run the real host, which accepts only official sizes. Written once per test class.
/// </summary>
public sealed class FullSizeSyntheticCifar : IDisposable
{
    private readonly TempDirectory _temp = new();

    public FullSizeSyntheticCifar()
    {
        Folder = Path.Combine(_temp.Path, Cifar10Format.FolderName);
        Directory.CreateDirectory(Folder);
        foreach (var (name, bytes) in SyntheticCifar.Files(recordsPerBatch: 10_000)) File.WriteAllBytes(Path.Combine(Folder, name), bytes);
    }

    public string Folder { get; }

    public void Dispose() => _temp.Dispose();
}
