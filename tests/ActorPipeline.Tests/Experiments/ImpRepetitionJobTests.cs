using ActorPipeline.Ml.Data;
using ActorPipeline.Ml.Experiments;
using ActorPipeline.Ml.Models;
using ActorPipeline.Ml.Pruning;
using ActorPipeline.Ml.Training;
using ActorPipeline.Tests.Support;
using static TorchSharp.torch;

namespace ActorPipeline.Tests.Experiments;

/// <summary>
/// IMP with late rewinding on a tiny network and synthetic images. One dense training (3 epochs, rewind
/// point after epoch 2) is shared by every test of the class, as it is shared by every repetition.
/// </summary>
public sealed class ImpRepetitionJobTests : IClassFixture<ImpRepetitionJobTests.DenseFixture>
{
    private static readonly ArchitectureSpec Tiny = ArchitectureSpec.Parse("8*, 8, MP", "16§");
    private readonly DenseFixture _fixture;

    public ImpRepetitionJobTests(DenseFixture fixture) => _fixture = fixture;

    public sealed class DenseFixture : IDisposable
    {
        public string Dir { get; } = Directory.CreateTempSubdirectory("imp-job-tests").FullName;
        public DeviceDataset Train { get; } = new(SyntheticImages.Make(128, 2, seed: 1), CPU);
        public DeviceDataset Test { get; } = new(SyntheticImages.Make(64, 2, seed: 3), CPU);
        public TrainingData Data => new(Train, null, Test);
        public DenseTrainingResult Dense { get; }

        public DenseFixture()
        {
            using var model = NewModel();
            Dense = new DenseTrainingJob(Path.Combine(Dir, "dense")).Run(model, Data,
                new TrainingOptions { Epochs = 3, BatchSize = 32, Seed = 3 }, rewindEpoch: 2, augmenter: null);
        }

        public void Dispose()
        {
            Train.Dispose(); Test.Dispose();
            Directory.Delete(Dir, recursive: true);
        }
    }

    private static PaperCnn NewModel(ulong seed = 5)
    {
        var model = new PaperCnn(Tiny, 2);
        using var generator = new Generator(seed);
        model.Initialize(generator);
        return model;
    }

    /// <summary>Adam with a strong weight decay: both would move pruned weights off zero if the mask were not re-applied.</summary>
    private static ImpSettings Settings(int iterations, long seed = 7) => new()
    {
        Iterations = iterations,
        PruningOptions = new PruningOptions { ConvRate = 0.2, FcRate = 0.3 },
        TrainingOptions = new TrainingOptions { Epochs = 2, BatchSize = 32, WeightDecay = 0.05, Augment = false },
        Seed = seed,
    };

    private string Folder(string name) => Path.Combine(_fixture.Dir, name + "-" + Guid.NewGuid().ToString("N")[..8]);

    private static List<Tensor> Weights(PaperCnn model) => model.state_dict().Values.ToList();

    /// <summary>Masked parameters that are not exactly +0.</summary>
    private static long NonZeroMasked(PaperCnn model, MaskSet mask)
    {
        long count = 0;
        foreach (var name in mask.Names)
        {
            var parameter = model.named_parameters().Single(p => p.name == name).parameter;
            using var values = parameter.detach().flatten().cpu();
            using var alive = mask.Alive(name).flatten().cpu();
            var v = values.data<float>().ToArray();
            var a = alive.data<bool>().ToArray();
            for (int i = 0; i < v.Length; i++)
                if (!a[i] && BitConverter.SingleToInt32Bits(v[i]) != 0) count++;
        }
        return count;
    }

    [Fact]
    public void Every_iteration_reaches_the_planned_sparsity_and_keeps_pruned_weights_exactly_zero()
    {
        var job = new ImpRepetitionJob(Folder("run"));
        var settings = Settings(3);
        using var model = NewModel();
        var reported = new List<int>();
        var results = job.Run(model, _fixture.Data, settings, _fixture.Dense, null, r => reported.Add(r.Iteration));
        Assert.Equal([1, 2, 3], reported);

        using var probe = NewModel();
        using var dense = MaskSet.Dense(probe, settings.PruningOptions);
        var total = dense.Sparsity();
        long convAlive = total.ConvTotal, fcAlive = total.FcTotal;
        MaskSet? previous = null;
        try
        {
            foreach (var result in results)
            {
                convAlive -= MagnitudePruner.PruneCount(0.2, convAlive);
                fcAlive -= MagnitudePruner.PruneCount(0.3, fcAlive);
                Assert.Equal(total.ConvTotal - convAlive, result.Sparsity.ConvPruned);
                Assert.Equal(total.FcTotal - fcAlive, result.Sparsity.FcPruned);
                Assert.Equal((double)(total.Total - convAlive - fcAlive) / total.Total, result.OverallSparsity);
                Assert.Equal(2, result.EpochsTrained);
                Assert.Equal(result.History[^1].TestAccuracy, result.TestAccuracy);
                Assert.False(Directory.Exists(Path.Combine(job.IterationFolder(result.Iteration), ImpRepetitionJob.CheckpointFolder)));
                Assert.Equal(3, File.ReadAllLines(Path.Combine(job.IterationFolder(result.Iteration), ImpRepetitionJob.MetricsFile)).Length);

                // The saved final weights: not a single pruned weight is non-zero.
                var mask = MaskSet.Load(result.MaskPath, CPU);
                ModelCheckpoint.Load(probe, result.WeightsPath);
                Assert.Equal(0, NonZeroMasked(probe, mask));
                // Pruned stays pruned: each mask lies within the previous one.
                if (previous is not null)
                    foreach (var name in mask.Names)
                    {
                        using var revived = mask.Alive(name).logical_and(previous.Alive(name).logical_not()).any();
                        Assert.False(revived.item<bool>(), name);
                    }
                previous?.Dispose();
                previous = mask;
            }
            // The network the job leaves behind is the last iteration's.
            using var last = NewModel(99);
            ModelCheckpoint.Load(last, results[^1].WeightsPath);
            Assert.True(TensorAssert.AllBitEqual(Weights(last), Weights(model)));
        }
        finally
        {
            previous?.Dispose();
        }
    }

    [Fact]
    public void Without_re_masking_after_each_step_Adam_and_weight_decay_would_revive_pruned_weights()
    {
        // Proves the zero-checks above have teeth: the same retraining without the hook moves pruned weights.
        using var model = NewModel();
        ModelCheckpoint.Load(model, _fixture.Dense.FinalWeightsPath);
        var settings = Settings(1);
        using var dense = MaskSet.Dense(model, settings.PruningOptions);
        using var mask = MagnitudePruner.Prune(model, dense, settings.PruningOptions);
        ModelCheckpoint.Load(model, _fixture.Dense.RewindWeightsPath);
        mask.ApplyTo(model);
        Assert.Equal(0, NonZeroMasked(model, mask));
        new Trainer(settings.TrainingFor(1)).Train(model, _fixture.Data);
        Assert.True(NonZeroMasked(model, mask) > 0);
    }

    [Fact]
    public void Iteration_one_starts_from_the_rewind_point_masked_and_prunes_the_dense_final_weights()
    {
        var settings = Settings(1);
        var job = new ImpRepetitionJob(Folder("one"));
        using var model = NewModel();
        var result = job.RunIteration(1, model, _fixture.Data, settings, _fixture.Dense, null);

        // Same mask as pruning the dense final weights directly.
        using var expectedModel = NewModel();
        ModelCheckpoint.Load(expectedModel, _fixture.Dense.FinalWeightsPath);
        using var dense = MaskSet.Dense(expectedModel, settings.PruningOptions);
        using var expectedMask = MagnitudePruner.Prune(expectedModel, dense, settings.PruningOptions);
        using var mask = MaskSet.Load(result.MaskPath, CPU);
        foreach (var name in mask.Names)
            Assert.True(TensorAssert.BitEqual(expectedMask.Alive(name), mask.Alive(name)), name);

        // Same weights as training from the masked rewind point (weights and batch-norm statistics) by hand.
        ModelCheckpoint.Load(expectedModel, _fixture.Dense.RewindWeightsPath);
        expectedMask.ApplyTo(expectedModel);
        new Trainer(settings.TrainingFor(1)).Train(expectedModel, _fixture.Data, new TrainingHooks { AfterOptimizerStep = expectedMask.ApplyTo });
        Assert.True(TensorAssert.AllBitEqual(Weights(expectedModel), Weights(model)));
    }

    [Fact]
    public void Stopping_after_an_iteration_and_resuming_with_a_new_job_is_bit_identical_and_finished_iterations_are_skipped()
    {
        var settings = Settings(3);
        var straight = new ImpRepetitionJob(Folder("straight"));
        using var a = NewModel();
        var expected = straight.Run(a, _fixture.Data, settings, _fixture.Dense, null);

        var folder = Folder("stopped");
        using (var b = NewModel())
            new ImpRepetitionJob(folder).Run(b, _fixture.Data, settings with { Iterations = 1 }, _fixture.Dense, null);
        using var c = NewModel(99); // a new process starts from other weights
        var resumedEpochs = new List<(int, int)>();
        var resumed = new ImpRepetitionJob(folder).Run(c, _fixture.Data, settings, _fixture.Dense, null,
            progress: (iteration, report) => resumedEpochs.Add((iteration, report.Epoch)));

        Assert.Equal([(2, 1), (2, 2), (3, 1), (3, 2)], resumedEpochs); // iteration 1 was skipped
        Assert.True(TensorAssert.AllBitEqual(Weights(a), Weights(c)));
        Assert.Equal(expected.Select(r => r.TestAccuracy), resumed.Select(r => r.TestAccuracy));
        Assert.Equal(expected.Select(r => r.Sparsity.Pruned), resumed.Select(r => r.Sparsity.Pruned));
        for (int i = 0; i < 3; i++)
            Assert.Equal(File.ReadAllBytes(expected[i].MaskPath), File.ReadAllBytes(resumed[i].MaskPath));

        // Everything done: a rerun trains nothing and leaves the last iteration's weights in the network.
        using var d = NewModel(42);
        var again = new ImpRepetitionJob(folder).Run(d, _fixture.Data, settings, _fixture.Dense, null,
            progress: (_, _) => Assert.Fail("retrained a finished iteration"));
        Assert.True(TensorAssert.AllBitEqual(Weights(a), Weights(d)));
        Assert.Equal(expected.Select(r => r.TestAccuracy), again.Select(r => r.TestAccuracy));

        // LoadIteration gives any finished iteration's masked weights for probing.
        using var e = NewModel(43);
        new ImpRepetitionJob(folder).LoadIteration(2, e);
        using var f = NewModel(44);
        ModelCheckpoint.Load(f, expected[1].WeightsPath);
        Assert.True(TensorAssert.AllBitEqual(Weights(e), Weights(f)));
    }

    [Fact]
    public void A_crash_inside_an_iteration_resumes_its_training_from_the_last_epoch_checkpoint()
    {
        var settings = Settings(2);
        var straight = new ImpRepetitionJob(Folder("straight"));
        using var a = NewModel();
        straight.Run(a, _fixture.Data, settings, _fixture.Dense, null);

        var folder = Folder("crashed");
        using var cancel = new CancellationTokenSource();
        using (var b = NewModel())
        {
            Assert.ThrowsAny<OperationCanceledException>(() => new ImpRepetitionJob(folder).Run(b, _fixture.Data, settings, _fixture.Dense, null,
                progress: (iteration, report) => { if (iteration == 2 && report.Epoch == 1) cancel.Cancel(); }, cancellation: cancel.Token));
        }
        var job = new ImpRepetitionJob(folder);
        Assert.Null(job.TryLoadIteration(2));
        // The epoch-1 checkpoint of the interrupted iteration is masked too.
        var checkpoints = Path.Combine(job.IterationFolder(2), ImpRepetitionJob.CheckpointFolder);
        using (var mask = MaskSet.Load(Path.Combine(job.IterationFolder(2), ImpRepetitionJob.MaskFile), CPU))
        using (var saved = NewModel())
        {
            ModelCheckpoint.Load(saved, Path.Combine(checkpoints, "model-epoch0001.pt"));
            Assert.Equal(0, NonZeroMasked(saved, mask));
        }

        using var c = NewModel(99);
        var epochs = new List<(int, int)>();
        job.Run(c, _fixture.Data, settings, _fixture.Dense, null, progress: (iteration, report) => epochs.Add((iteration, report.Epoch)));
        Assert.Equal([(2, 2)], epochs);
        Assert.True(TensorAssert.AllBitEqual(Weights(a), Weights(c)));
    }

    [Fact]
    public void An_iteration_needs_the_previous_one_and_the_same_settings()
    {
        var folder = Folder("order");
        using var model = NewModel();
        var error = Assert.Throws<InvalidOperationException>(() =>
            new ImpRepetitionJob(folder).RunIteration(2, model, _fixture.Data, Settings(3), _fixture.Dense, null));
        Assert.Contains("iteration 1", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ImpRepetitionJob(folder).RunIteration(0, model, _fixture.Data, Settings(3), _fixture.Dense, null));

        new ImpRepetitionJob(folder).RunIteration(1, model, _fixture.Data, Settings(3), _fixture.Dense, null);
        var changed = Settings(3) with { PruningOptions = new PruningOptions { ConvRate = 0.5, FcRate = 0.3 } };
        Assert.Contains("other settings", Assert.Throws<InvalidOperationException>(() =>
            new ImpRepetitionJob(folder).RunIteration(2, model, _fixture.Data, changed, _fixture.Dense, null)).Message);
        // Asking for more iterations is not a change of settings.
        new ImpRepetitionJob(folder).RunIteration(2, model, _fixture.Data, Settings(5), _fixture.Dense, null);
    }

    [Fact]
    public void Repetitions_with_other_seeds_share_the_dense_network_but_train_differently()
    {
        using var a = NewModel();
        using var b = NewModel();
        var ra = new ImpRepetitionJob(Folder("seed7")).RunIteration(1, a, _fixture.Data, Settings(1, seed: 7), _fixture.Dense, null);
        var rb = new ImpRepetitionJob(Folder("seed8")).RunIteration(1, b, _fixture.Data, Settings(1, seed: 8), _fixture.Dense, null);
        Assert.Equal(File.ReadAllBytes(ra.MaskPath), File.ReadAllBytes(rb.MaskPath)); // iteration 1 prunes the same dense weights
        Assert.False(TensorAssert.AllBitEqual(Weights(a), Weights(b)));
        Assert.NotEqual(Settings(1, 7).TrainingFor(1).Seed, Settings(1, 7).TrainingFor(2).Seed);
    }

    [Fact]
    public void Learning_rate_rewinding_retrains_the_pruned_final_weights_and_differs_from_weight_rewinding()
    {
        var settings = Settings(1) with { Rewind = RewindMode.LearningRate };
        using var model = NewModel();
        new ImpRepetitionJob(Folder("lr-rewind")).RunIteration(1, model, _fixture.Data, settings, _fixture.Dense, null);

        // By hand: the dense final weights and batch-norm statistics, pruned, retrained with a fresh optimizer (never the rewind point).
        using var expected = NewModel();
        ModelCheckpoint.Load(expected, _fixture.Dense.FinalWeightsPath);
        using var dense = MaskSet.Dense(expected, settings.PruningOptions);
        using var mask = MagnitudePruner.Prune(expected, dense, settings.PruningOptions);
        mask.ApplyTo(expected);
        new Trainer(settings.TrainingFor(1)).Train(expected, _fixture.Data, new TrainingHooks { AfterOptimizerStep = mask.ApplyTo });
        Assert.True(TensorAssert.AllBitEqual(Weights(expected), Weights(model)));
        Assert.Equal(0, NonZeroMasked(model, mask));

        using var rewound = NewModel();
        new ImpRepetitionJob(Folder("weight-rewind")).RunIteration(1, rewound, _fixture.Data, Settings(1), _fixture.Dense, null);
        Assert.False(TensorAssert.AllBitEqual(Weights(rewound), Weights(model)));
    }

    [Fact]
    public void Learning_rate_rewinding_with_the_same_seed_gives_the_same_repetition()
    {
        var settings = Settings(2) with { Rewind = RewindMode.LearningRate };
        using var a = NewModel();
        using var b = NewModel(99);
        var first = new ImpRepetitionJob(Folder("lr-a")).Run(a, _fixture.Data, settings, _fixture.Dense, null);
        var second = new ImpRepetitionJob(Folder("lr-b")).Run(b, _fixture.Data, settings, _fixture.Dense, null);

        Assert.True(TensorAssert.AllBitEqual(Weights(a), Weights(b)));
        Assert.Equal(first.Select(r => r.TestAccuracy), second.Select(r => r.TestAccuracy));
        for (int i = 0; i < 2; i++)
            Assert.Equal(File.ReadAllBytes(first[i].MaskPath), File.ReadAllBytes(second[i].MaskPath));
    }

    [Fact]
    public void The_rewind_mode_is_an_iterations_setting_but_its_default_leaves_earlier_hashes_unchanged()
    {
        // The settings hash is of this JSON: at the default it is the JSON of settings made before the option existed.
        Assert.DoesNotContain(nameof(ImpSettings.Rewind), System.Text.Json.JsonSerializer.Serialize(Settings(1)));
        var learningRate = Settings(1) with { Rewind = RewindMode.LearningRate };
        Assert.NotEqual(ImpRepetitionJob.SettingsHashOf(Settings(1), _fixture.Dense), ImpRepetitionJob.SettingsHashOf(learningRate, _fixture.Dense));

        var folder = Folder("switch");
        using var model = NewModel();
        new ImpRepetitionJob(folder).RunIteration(1, model, _fixture.Data, Settings(2), _fixture.Dense, null);
        Assert.Contains("other settings", Assert.Throws<InvalidOperationException>(() =>
            new ImpRepetitionJob(folder).RunIteration(2, model, _fixture.Data, Settings(2) with { Rewind = RewindMode.LearningRate }, _fixture.Dense, null)).Message);
    }
}
