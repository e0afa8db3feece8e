using ActorPipeline.Ml.Data;

namespace ActorPipeline.Tests.Data;

public sealed class ProblemsTests
{
    [Fact]
    public void Cifar2_is_automobile_then_truck()
    {
        var p = Problems.Get("cifar2");
        Assert.Equal([1, 9], p.ClassIds);
        Assert.Equal(["automobile", "truck"], p.ClassNames);
        Assert.Equal(0, p.LocalLabel(1));
        Assert.Equal(1, p.LocalLabel(9));
        Assert.False(p.Contains(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => p.LocalLabel(0));
    }

    [Fact]
    public void Each_problem_adds_the_papers_two_classes_in_order()
    {
        string[][] added = [["automobile", "truck"], ["airplane", "ship"], ["cat", "dog"], ["deer", "horse"], ["bird", "frog"]];
        var expected = new List<string>();
        for (int i = 0; i < Problems.All.Count; i++)
        {
            expected.AddRange(added[i]);
            Assert.Equal($"Cifar{2 * (i + 1)}", Problems.All[i].Name);
            Assert.Equal(expected, Problems.All[i].ClassNames);
            Assert.Equal(i >= 3, Problems.All[i].EarlyStoppingByDefault);
        }
        Assert.Equal(Enumerable.Range(0, 10), Problems.Cifar10.ClassIds.Order());
    }

    [Fact]
    public void Lookup_is_case_insensitive_and_unknown_names_list_the_valid_ones()
    {
        Assert.Same(Problems.Cifar10, Problems.Get("CIFAR10"));
        var e = Assert.Throws<ArgumentException>(() => Problems.Get("cifar3"));
        Assert.Contains("'cifar3'", e.Message);
        Assert.Contains("cifar2, cifar4, cifar6, cifar8, cifar10", e.Message);
    }

    [Fact]
    public void SplitMix64_matches_the_reference_sequence()
    {
        // Reference values of SplitMix64 seeded with 0 (Vigna's splitmix64.c).
        var random = new SplitMix64(0);
        Assert.Equal(0xE220A8397B1DCDAFUL, random.NextUInt64());
        Assert.Equal(0x6E789E6AA1B965F4UL, random.NextUInt64());
        Assert.All(Enumerable.Range(0, 1000).Select(_ => random.NextInt(7)), v => Assert.InRange(v, 0, 6));
    }
}
