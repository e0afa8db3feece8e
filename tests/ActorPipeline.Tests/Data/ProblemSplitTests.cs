using ActorPipeline.Ml.Data;

namespace ActorPipeline.Tests.Data;

public sealed class ProblemSplitTests
{
    // CIFAR-like label vectors: labels cycle 0..9, so 500 training and 100 test images per class.
    private static readonly byte[] TrainLabels = Enumerable.Range(0, 5_000).Select(i => (byte)(i * 7 % 10)).ToArray();
    private static readonly byte[] TestLabels = Enumerable.Range(0, 1_000).Select(i => (byte)(i % 10)).ToArray();

    private static ProblemSplit Split(ProblemDefinition problem, long seed, ProblemSplitOptions? options = null) =>
        ProblemSplit.Create(TrainLabels, TestLabels, problem, seed, options);

    private static int[] CountPerClass(IEnumerable<int> indices, byte[] labels, ProblemDefinition problem)
    {
        var counts = new int[problem.ClassCount];
        foreach (var i in indices) counts[problem.LocalLabel(labels[i])]++;
        return counts;
    }

    [Fact]
    public void Early_stopping_problems_hold_out_a_stratified_tenth()
    {
        var split = Split(Problems.Cifar8, seed: 1);
        Assert.True(split.HasValidation);
        Assert.All(CountPerClass(split.Validation, TrainLabels, Problems.Cifar8), n => Assert.Equal(50, n));
        Assert.All(CountPerClass(split.Train, TrainLabels, Problems.Cifar8), n => Assert.Equal(450, n));
        Assert.Empty(split.Train.Intersect(split.Validation));
        Assert.Equal(4_000, split.Train.Union(split.Validation).Count());
        Assert.All(CountPerClass(split.Test, TestLabels, Problems.Cifar8), n => Assert.Equal(100, n));
        Assert.All(split.Train.Concat(split.Validation).Concat(split.Probe), i => Assert.True(Problems.Cifar8.Contains(TrainLabels[i])));
        Assert.Equal(split.Train.Order(), split.Train);
    }

    [Fact]
    public void Validation_is_off_by_default_for_small_problems_and_switchable()
    {
        var split = Split(Problems.Cifar2, seed: 1);
        Assert.False(split.HasValidation);
        Assert.Empty(split.Validation);
        Assert.Equal(1_000, split.Train.Count);

        var forced = Split(Problems.Cifar2, seed: 1, new ProblemSplitOptions { UseValidation = true, ValidationFraction = 0.2 });
        Assert.All(CountPerClass(forced.Validation, TrainLabels, Problems.Cifar2), n => Assert.Equal(100, n));
        Assert.False(Split(Problems.Cifar10, 1, new ProblemSplitOptions { UseValidation = false }).HasValidation);
    }

    [Fact]
    public void Same_seed_same_split_and_different_seed_different_split()
    {
        var options = new ProblemSplitOptions { ProbeSize = 300 }; // below the 5,000 images here, so the probe is a real choice
        var a = Split(Problems.Cifar10, seed: 7, options);
        var b = Split(Problems.Cifar10, seed: 7, options);
        var c = Split(Problems.Cifar10, seed: 8, options);
        Assert.Equal(a.Train, b.Train);
        Assert.Equal(a.Validation, b.Validation);
        Assert.Equal(a.Probe, b.Probe);
        Assert.NotEqual(a.Validation, c.Validation);
        Assert.NotEqual(a.Probe, c.Probe);
    }

    [Fact]
    public void Probe_comes_from_the_training_images_before_validation_and_is_deterministic()
    {
        var options = new ProblemSplitOptions { ProbeSize = 300 };
        var split = Split(Problems.Cifar8, seed: 3, options);
        Assert.Equal(300, split.Probe.Count);
        Assert.Equal(300, split.Probe.Distinct().Count());
        Assert.Subset(split.Train.Union(split.Validation).ToHashSet(), split.Probe.ToHashSet());
        Assert.Equal(split.Probe, Split(Problems.Cifar8, seed: 3, options).Probe);

        // Separate random streams: the probe size does not change the validation split.
        Assert.Equal(split.Validation, Split(Problems.Cifar8, seed: 3, options with { ProbeSize = 100 }).Validation);
        // The default 5,000 is clamped to the 1,000 images Cifar2 has here.
        Assert.Equal(1_000, Split(Problems.Cifar2, seed: 3).Probe.Count);
    }

    [Fact]
    public void Caps_are_stratified_and_seeded()
    {
        var options = new ProblemSplitOptions { TrainCap = 101, TestCap = 40, ProbeSize = 30 };
        var split = Split(Problems.Cifar2, seed: 5, options);
        Assert.Equal([51, 50], CountPerClass(split.Train, TrainLabels, Problems.Cifar2));
        Assert.Equal([20, 20], CountPerClass(split.Test, TestLabels, Problems.Cifar2));
        Assert.Equal(30, split.Probe.Count);
        Assert.Subset(split.Train.ToHashSet(), split.Probe.ToHashSet());
        Assert.Equal(split.Train, Split(Problems.Cifar2, seed: 5, options).Train);
        Assert.NotEqual(split.Train, Split(Problems.Cifar2, seed: 6, options).Train);
        Assert.Throws<ArgumentOutOfRangeException>(() => Split(Problems.Cifar4, 5, new ProblemSplitOptions { TrainCap = 3 }));
    }

    [Fact]
    public void Problem_data_remaps_labels_and_keeps_pixels()
    {
        using var temp = new TempDirectory();
        SyntheticCifar.WriteFolder(temp.Path);
        var data = Cifar10Reader.Read(temp.Path, SyntheticCifar.ReaderOptions);
        var problemData = ProblemData.Build(data, Problems.Cifar4, seed: 11, new ProblemSplitOptions { UseValidation = true, ProbeSize = 20 });

        Assert.Equal(4, problemData.Train.ClassCount);
        Assert.All(problemData.Train.CountPerClass(), n => Assert.Equal(45, n));
        Assert.All(problemData.Validation!.CountPerClass(), n => Assert.Equal(5, n));
        Assert.All(problemData.Test.CountPerClass(), n => Assert.Equal(10, n));
        Assert.Equal(20, problemData.Probe.Count);
        for (int k = 0; k < problemData.Train.Count; k += 13)
        {
            int source = problemData.Split.Train[k];
            Assert.Equal(Problems.Cifar4.LocalLabel(data.Train.Labels[source]), problemData.Train.Labels[k]);
            Assert.Equal(data.Train.Pixels.AsSpan(source * LabeledImages.BytesPerImage, LabeledImages.BytesPerImage).ToArray(),
                         problemData.Train.Pixels.AsSpan(k * LabeledImages.BytesPerImage, LabeledImages.BytesPerImage).ToArray());
        }
    }
}
