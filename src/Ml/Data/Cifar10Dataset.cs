namespace ActorPipeline.Ml.Data;

/// <summary>The CIFAR-10 training (50,000) and test (10,000) images, labels 0..9 in the official class order.</summary>
public sealed class Cifar10Dataset
{
    public Cifar10Dataset(LabeledImages train, LabeledImages test, string source)
    {
        if (train.ClassCount != Cifar10Format.ClassCount || test.ClassCount != Cifar10Format.ClassCount)
            throw new ArgumentException($"CIFAR-10 has {Cifar10Format.ClassCount} classes; got train {train.ClassCount}, test {test.ClassCount}.");
        Train = train;
        Test = test;
        Source = source;
    }

    public LabeledImages Train { get; }
    public LabeledImages Test { get; }

    /// <summary>Where the images were read from (archive or folder path), for reports.</summary>
    public string Source { get; }
}
