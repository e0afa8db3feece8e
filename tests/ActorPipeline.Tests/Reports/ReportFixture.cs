using ActorPipeline.Tests.Data;

namespace ActorPipeline.Tests.Reports;

/// <summary>
/// A small fixed results set with hand-computed medians. Cifar2: 3 repetitions (odd counts), dense row per
/// repetition. Cifar4: 2 repetitions (even counts), dense row once with repetition -1. Layers appear out of
/// network order in the file; cca/nbs/svcca_google_mean are never computed, pwcca only sometimes.
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

    public const string SweepJson = """{ "profile": "paper", "repetitions": 3, "problems": ["Cifar2", "Cifar4"], "devices": { "count": 1 } }""";

    /// <summary>A sweep folder holding the fixture (optionally with other file contents), deleted on dispose.</summary>
    public static TempDirectory Create(string? accuracy = Accuracy, string? similarity = Similarity, string? sweepJson = SweepJson)
    {
        var folder = new TempDirectory();
        var results = Directory.CreateDirectory(Path.Combine(folder.Path, "results")).FullName;
        if (accuracy is not null)
            File.WriteAllText(Path.Combine(results, "accuracy.csv"), accuracy + "\n");
        if (similarity is not null)
            File.WriteAllText(Path.Combine(results, "similarity.csv"), similarity + "\n");
        if (sweepJson is not null)
            File.WriteAllText(folder.File("sweep.json"), sweepJson);
        return folder;
    }
}
