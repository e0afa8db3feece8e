using ActorPipeline.Ml.Data;
using ActorPipeline.Ml.Models;
using ActorPipeline.Ml.Training;
using ActorPipeline.Tests.Support;
using static TorchSharp.torch;

namespace ActorPipeline.Tests.Training;

/// <summary>Small synthetic train / validation / test splits on the CPU and seeded tiny networks for trainer tests.</summary>
internal sealed class TrainingTestData : IDisposable
{
    /// <summary>Batch norm in the conv part, dropout in the fc part: every kind of layer the trainer must handle.</summary>
    public static readonly ArchitectureSpec Tiny = ArchitectureSpec.Parse("8*, 8, MP", "16§");

    public TrainingTestData(int trainCount = 192, int validationCount = 64, int testCount = 128)
    {
        Train = new DeviceDataset(SyntheticImages.Make(trainCount, 2, seed: 1), CPU);
        Validation = new DeviceDataset(SyntheticImages.Make(validationCount, 2, seed: 2), CPU);
        Test = new DeviceDataset(SyntheticImages.Make(testCount, 2, seed: 3), CPU);
    }

    public DeviceDataset Train { get; }
    public DeviceDataset Validation { get; }
    public DeviceDataset Test { get; }
    public TrainingData Data => new(Train, Validation, Test);

    public static PaperCnn NewModel(ArchitectureSpec? spec = null, ulong initSeed = 5, NetworkOptions? options = null)
    {
        var model = new PaperCnn(spec ?? Tiny, 2, options);
        using var generator = new Generator(initSeed);
        model.Initialize(generator);
        return model;
    }

    public static List<Tensor> Weights(PaperCnn model) => model.state_dict().Values.ToList();

    /// <summary>Detached copies of every parameter and buffer, owned by the caller.</summary>
    public static List<Tensor> CopyOfWeights(PaperCnn model)
    {
        using var noGrad = no_grad();
        return model.state_dict().Values.Select(t => t.detach().clone().DetachFromDisposeScope()).ToList();
    }

    public void Dispose()
    {
        Train.Dispose();
        Validation.Dispose();
        Test.Dispose();
    }
}
