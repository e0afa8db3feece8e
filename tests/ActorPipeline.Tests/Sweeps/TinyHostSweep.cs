namespace ActorPipeline.Tests.Sweeps;

/// <summary>The sweep config the host-level tests run: cifar2, 2 repetitions × 2 iterations on a few hundred images, every stage in seconds on a CPU.</summary>
internal static class TinyHostSweep
{
    public const string Yaml = """
        problems: [cifar2]
        repetitions: 2
        iterations: 2
        dense_epochs: 3
        imp_epochs: 2
        rewind_epoch: 1
        early_stopping: off
        train_limit: 300
        test_limit: 100
        probe_size: 400
        probe_batch_size: 50
        batch_size: 50
        metrics: [svcca, cca, pwcca, cka, nbs]
        devices: cpu
        slots_per_device: 1
        max_retries: 0
        """;

    /// <summary>Writes the config into <paramref name="folder"/> and returns its path.</summary>
    public static string WriteTo(string folder)
    {
        var path = Path.Combine(folder, "sweep.yaml");
        File.WriteAllText(path, Yaml);
        return path;
    }
}
