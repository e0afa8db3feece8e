using ActorPipeline.Tests.Data;
using ActorPipeline.Actors.Observers;
using ActorPipeline.Actors.Sweeps;
using ActorPipeline.Host.Configuration;
using ActorPipeline.Host.Hosting;
using ActorPipeline.Host.Planning;

namespace ActorPipeline.Tests.Reports;

/// <summary>
/// A small fixed results set with hand-computed medians. Cifar2: 3 repetitions (odd counts), dense row per
/// repetition. Cifar4: 2 repetitions (even counts), dense row once with repetition -1. Layers appear out of
/// network order in the file; cca/nbs/svcca_google_mean are never computed, pwcca only sometimes.
/// The sweep.json beside them is a real manifest (paper profile, Cifar2 and Cifar4) on the offline data copy.
/// </summary>
internal static class ReportFixture
{
    public const string Accuracy = """
        problem,repetition,iteration,conv_sparsity,fc_sparsity,overall_sparsity,test_accuracy
        Cifar2,0,0,0,0,0,0.82
        Cifar2,1,0,0,0,0,0.84
        Cifar2,2,0,0,0,0,0.83
        Cifar2,0,1,0.1,0.2,0.2,0.80
        Cifar2,1,1,0.1,0.2,0.2,0.90
        Cifar2,2,1,0.1,0.2,0.2,0.70
        Cifar2,0,2,0.19,0.36,0.36,0.78
        Cifar2,1,2,0.19,0.36,0.36,0.60
        Cifar2,2,2,0.19,0.36,0.37,0.75
        Cifar4,-1,0,0,0,0,0.70
        Cifar4,0,1,0.1,0.2,0.2,0.66
        Cifar4,1,1,0.1,0.2,0.2,0.69
        Cifar4,0,2,0.19,0.36,0.36,0.60
        Cifar4,1,2,0.19,0.36,0.37,0.65
        """;

    public const string Similarity = """
        problem,repetition,iteration,layer,layer_index,svcca,svcca_google_mean,cca,pwcca,cka,nbs
        Cifar2,0,1,fc1,3,0.60,,,0.70,0.80,
        Cifar2,0,1,conv1,0,0.90,,,0.91,0.99,
        Cifar2,0,1,pool1,1,0.85,,,,0.95,
        Cifar2,1,1,fc1,3,0.50,,,0.60,0.70,
        Cifar2,1,1,conv1,0,0.80,,,0.89,0.97,
        Cifar2,1,1,pool1,1,0.75,,,,0.93,
        Cifar2,2,1,fc1,3,0.55,,,0.65,0.90,
        Cifar2,2,1,conv1,0,0.95,,,,0.98,
        Cifar2,2,1,pool1,1,0.80,,,,0.94,
        Cifar2,0,2,fc1,3,0.40,,,0.50,0.60,
        Cifar2,0,2,conv1,0,0.85,,,0.86,0.96,
        Cifar2,0,2,pool1,1,0.70,,,,0.90,
        Cifar2,1,2,fc1,3,0.45,,,0.55,0.65,
        Cifar2,1,2,conv1,0,0.75,,,0.84,0.95,
        Cifar2,1,2,pool1,1,0.65,,,,0.88,
        Cifar2,2,2,fc1,3,0.35,,,0.45,0.70,
        Cifar2,2,2,conv1,0,0.80,,,0.85,0.97,
        Cifar2,2,2,pool1,1,0.60,,,,0.89,
        Cifar4,0,1,fc1,3,0.5,,,,,
        Cifar4,0,1,conv1,0,0.9,,,,,
        Cifar4,1,1,fc1,3,0.6,,,,,
        Cifar4,1,1,conv1,0,0.7,,,,,
        """;

    /// <summary>md5 of the lossy offline copy in /work/shared/data (not the official archive).</summary>
    public const string OfflineCopyMd5 = "06a3cf532da31bc390f33fc014f31a12";

    /// <summary>
    /// A sweep folder holding the fixture (optionally with other file contents) and, unless <paramref name="manifest"/>
    /// is false, a sweep.json written by the sweep's own code for the paper profile; deleted on dispose.
    /// </summary>
    public static TempDirectory Create(
        string? accuracy = Accuracy, string? similarity = Similarity, bool manifest = true, string dataChecksum = OfflineCopyMd5,
        IReadOnlyList<string>? problems = null)
    {
        var folder = new TempDirectory();
        var results = Directory.CreateDirectory(Path.Combine(folder.Path, "results")).FullName;
        if (accuracy is not null)
            File.WriteAllText(Path.Combine(results, "accuracy.csv"), accuracy + "\n");
        if (similarity is not null)
            File.WriteAllText(Path.Combine(results, "similarity.csv"), similarity + "\n");
        if (manifest)
            Manifest(folder.Path, dataChecksum, problems ?? ["cifar2", "cifar4"]).Save(folder.Path);
        return folder;
    }

    /// <summary>The manifest `sweep --profile paper` writes, with 3 repetitions of 2 iterations.</summary>
    public static SweepManifest Manifest(string folder, string dataChecksum, IReadOnlyList<string> problems)
    {
        var config = SweepProfiles.Get("paper");
        config.Problems = [.. problems];
        config.Repetitions = 3;
        config.Iterations = 2;
        config.Output = folder;
        var plan = SweepPlanner.Plan(config, dataChecksum, Path.Combine(folder, "artifacts"));
        return new SweepManifest(plan.SweepId, "paper", config, plan, "/data/cifar-10-binary.tar.gz", dataChecksum);
    }

    /// <summary>
    /// All five problems with realistic layer lists (4 to 13 layers, as Table 2's networks probe them), dense row
    /// plus 3 IMP iterations of 2 repetitions, and the metrics svcca, svcca_google_mean and cka.
    /// </summary>
    public static TempDirectory CreateFiveProblems(string dataChecksum = OfflineCopyMd5)
    {
        string[][] layers =
        [
            ["conv1", "conv2", "pool1", "fc1"],
            ["conv1", "conv2", "pool1", "conv3", "conv4", "pool2", "fc1"],
            ["conv1", "conv2", "pool1", "conv3", "conv4", "pool2", "conv5", "conv6", "pool3", "fc1"],
            ["conv1", "conv2", "pool1", "conv3", "conv4", "pool2", "conv5", "conv6", "pool3", "conv7", "conv8", "pool4", "fc1"],
            ["conv1", "conv2", "pool1", "conv3", "conv4", "pool2", "conv5", "conv6", "pool3", "conv7", "conv8", "pool4", "fc1"],
        ];
        var accuracy = new List<string> { "problem,repetition,iteration,conv_sparsity,fc_sparsity,overall_sparsity,test_accuracy" };
        var similarity = new List<string> { "problem,repetition,iteration,layer,layer_index,svcca,svcca_google_mean,cka" };
        for (int p = 0; p < FiveProblems.Count; p++)
        {
            var problem = FiveProblems[p];
            accuracy.Add(FormattableString.Invariant($"{problem},-1,0,0,0,0,{0.9 - 0.05 * p}"));
            for (int repetition = 0; repetition < 2; repetition++)
            for (int iteration = 1; iteration <= 3; iteration++)
            {
                var remaining = Math.Pow(0.8, iteration);
                accuracy.Add(FormattableString.Invariant($"{problem},{repetition},{iteration},{1 - Math.Pow(0.9, iteration)},{1 - remaining},{1 - remaining},{0.9 - 0.05 * p - 0.01 * iteration + 0.002 * repetition}"));
                for (int layer = 0; layer < layers[p].Length; layer++)
                {
                    var value = 0.95 - 0.03 * layer - 0.02 * iteration + 0.001 * repetition;
                    similarity.Add(FormattableString.Invariant($"{problem},{repetition},{iteration},{layers[p][layer]},{layer},{value},{value - 0.01},{value + 0.02}"));
                }
            }
        }
        return Create(string.Join('\n', accuracy), string.Join('\n', similarity), dataChecksum: dataChecksum, problems: FiveProblems);
    }

    public static readonly IReadOnlyList<string> FiveProblems = ["cifar2", "cifar4", "cifar6", "cifar8", "cifar10"];
}
