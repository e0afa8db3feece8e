using ActorPipeline.Ml.Models;
using ActorPipeline.Ml.Pruning;
using ActorPipeline.Ml.Training;
using ActorPipeline.Tests.Support;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ActorPipeline.Tests.Training;

public sealed class GradientClippingTests
{
    /// <summary>Three parameters whose gradients are fixed random numbers (the same for the same seed).</summary>
    private static List<Parameter> WithGradients(ulong seed, double scale)
    {
        using var generator = new Generator(seed);
        var shapes = new long[][] { [4, 3, 3, 3], [4], [5, 7] };
        return shapes.Select(shape =>
        {
            var parameter = nn.Parameter(zeros(shape));
            parameter.grad = randn(shape, generator: generator).mul_(scale);
            return parameter;
        }).ToList();
    }

    private static double[] GradientValues(IEnumerable<Parameter> parameters) =>
        parameters.SelectMany(p => { using var g = p.grad!.to(ScalarType.Float64).flatten(); return g.data<double>().ToArray(); }).ToArray();

    private static double L2(IEnumerable<double> values) => Math.Sqrt(values.Sum(v => v * v));

    private static void DisposeAll(IEnumerable<Parameter> parameters)
    {
        foreach (var p in parameters) { p.grad?.Dispose(); p.Dispose(); }
    }

    [Fact]
    public void Gradients_above_the_limit_are_scaled_together_to_it()
    {
        var parameters = WithGradients(seed: 1, scale: 3);
        try
        {
            var before = GradientValues(parameters);
            double norm = L2(before), limit = norm / 10;
            GradientClipping.ClipTotalNorm(parameters, limit);
            var after = GradientValues(parameters);

            double factor = limit / (norm + 1e-6); // torch's formula, in float64
            for (int i = 0; i < before.Length; i++)
                Assert.Equal(before[i] * factor, after[i], 1e-6 * Math.Abs(before[i]) + 1e-9);
            Assert.InRange(L2(after), limit * (1 - 1e-6), limit * (1 + 1e-6));
        }
        finally { DisposeAll(parameters); }
    }

    [Fact]
    public void Gradients_within_the_limit_are_left_as_they_are()
    {
        var parameters = WithGradients(seed: 2, scale: 1e-3);
        try
        {
            var before = GradientValues(parameters);
            GradientClipping.ClipTotalNorm(parameters, L2(before) * 2);
            Assert.Equal(before, GradientValues(parameters));
        }
        finally { DisposeAll(parameters); }
    }

    [Theory]
    [InlineData(3.0, 0.5)]   // clipped
    [InlineData(1e-3, 10.0)] // not clipped
    public void The_result_is_bit_identical_to_torch_clip_grad_norm(double scale, double limit)
    {
        var ours = WithGradients(seed: 3, scale);
        var torchs = WithGradients(seed: 3, scale);
        try
        {
            GradientClipping.ClipTotalNorm(ours, limit);
            nn.utils.clip_grad_norm_(torchs, limit);
            Assert.True(TensorAssert.AllBitEqual(ours.Select(p => p.grad!), torchs.Select(p => p.grad!)));
        }
        finally { DisposeAll(ours); DisposeAll(torchs); }
    }

    [Fact]
    public void Parameters_without_a_gradient_are_skipped_and_a_bad_limit_is_rejected()
    {
        var parameters = WithGradients(seed: 4, scale: 3);
        using var withoutGradient = nn.Parameter(ones(3));
        try
        {
            GradientClipping.ClipTotalNorm(parameters.Append(withoutGradient), 1.0);
            Assert.Null(withoutGradient.grad);
            Assert.InRange(L2(GradientValues(parameters)), 1 - 1e-5, 1 + 1e-6);
            foreach (var bad in new[] { 0.0, -1.0, double.NaN })
                Assert.Contains($"{bad}", Assert.Throws<ArgumentOutOfRangeException>(() => GradientClipping.ClipTotalNorm(parameters, bad)).Message);
        }
        finally { DisposeAll(parameters); }
    }

    [Fact]
    public void A_training_step_with_a_tiny_clip_norm_is_the_Adam_step_on_the_scaled_gradient()
    {
        // One batch = one step. With a clip norm this small the scaled gradient is comparable to Adam's
        // eps (1e-8), so the first step lr·g'/(|g'| + eps) depends on the scale: an unclipped step moves
        // each weight by about lr, a wrongly scaled one by another amount.
        const double lr = 0.1, clip = 1e-7, eps = 1e-8;
        const string excluded = "fc1.linear.weight";
        using var data = new TrainingTestData(trainCount: 32);
        using var model = TrainingTestData.NewModel();
        var options = new TrainingOptions { Epochs = 1, BatchSize = 32, Seed = 7, LearningRate = lr, WeightDecay = 0, GradientClipNorm = clip };
        var gradients = new Dictionary<string, Tensor>();
        var before = Float64Parameters(model);
        try
        {
            new Trainer(options).Train(model, data.Data, new TrainingHooks
            {
                // Runs before the clipping: a gradient zeroed here (as IMP may zero pruned ones) must neither
                // count in the norm nor move its weights.
                AfterBackward = m =>
                {
                    using var noGrad = no_grad();
                    foreach (var (name, p) in m.named_parameters())
                    {
                        using var g = p.grad!;
                        if (name == excluded) g.zero_();
                        gradients[name] = g.to(ScalarType.Float64).DetachFromDisposeScope();
                    }
                },
            });
            var after = Float64Parameters(model);
            try
            {
                double norm;
                using (NewDisposeScope()) norm = Math.Sqrt(gradients.Values.Sum(g => g.square().sum().item<double>()));
                double factor = Math.Min(1, clip / (norm + 1e-6));
                Assert.True(factor < 1e-3, $"factor {factor}: the clip norm does not bite");
                double largestStep = 0, largestUnclippedMiss = 0;
                foreach (var (name, g) in gradients)
                {
                    using var scope = NewDisposeScope();
                    var scaled = g.mul(factor);
                    var expected = before[name].sub(scaled.div(scaled.abs().add(eps)).mul(lr));
                    var unclipped = before[name].sub(g.div(g.abs().add(eps)).mul(lr));
                    Assert.True(after[name].allclose(expected, rtol: 0, atol: 1e-7), $"{name}: largest difference {after[name].sub(expected).abs().max().item<double>()}");
                    largestStep = Math.Max(largestStep, after[name].sub(before[name]).abs().max().item<double>());
                    largestUnclippedMiss = Math.Max(largestUnclippedMiss, after[name].sub(unclipped).abs().max().item<double>());
                }
                Assert.True(largestStep > 1e-3, $"largest step {largestStep}: the check would not see a wrong scale");
                Assert.True(largestUnclippedMiss > 1e-2, "an unclipped step would have matched too");
                Assert.True(TensorAssert.BitEqual(after[excluded], before[excluded]), "a gradient zeroed in AfterBackward moved its weights");
            }
            finally { foreach (var t in after.Values) t.Dispose(); }
        }
        finally
        {
            foreach (var t in before.Values.Concat(gradients.Values)) t.Dispose();
        }
    }

    [Fact]
    public void Pruned_weights_stay_exactly_zero_when_gradients_are_clipped()
    {
        const double clip = 0.05;
        using var data = new TrainingTestData();
        using var model = TrainingTestData.NewModel();
        new Trainer(new TrainingOptions { Epochs = 1, BatchSize = 32, Seed = 1 }).Train(model, data.Data);
        var pruning = new PruningOptions { ConvRate = 0.5, FcRate = 0.5 };
        using var dense = MaskSet.Dense(model, pruning);
        using var mask = MagnitudePruner.Prune(model, dense, pruning);
        mask.ApplyTo(model);

        double largestNorm = 0;
        new Trainer(new TrainingOptions { Epochs = 2, BatchSize = 32, Seed = 2, GradientClipNorm = clip }).Train(model, data.Data, new TrainingHooks
        {
            AfterBackward = m =>
            {
                using var scope = NewDisposeScope();
                var norm = stack(m.parameters().Select(p => p.grad!.norm(p: 2))).norm(p: 2).item<float>();
                largestNorm = Math.Max(largestNorm, norm);
            },
            AfterOptimizerStep = mask.ApplyTo, // IMP's re-masking
        });

        Assert.True(largestNorm > clip, $"largest gradient norm {largestNorm}: clipping never acted");
        var parameters = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var name in mask.Names)
        {
            using var pruned = mask.Alive(name).logical_not();
            using var values = parameters[name].detach().masked_select(pruned);
            Assert.True(values.numel() > 0, name);
            Assert.Equal(0, values.count_nonzero().item<long>());
        }
    }

    private static Dictionary<string, Tensor> Float64Parameters(PaperCnn model)
    {
        using var noGrad = no_grad();
        return model.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().to(ScalarType.Float64).DetachFromDisposeScope());
    }
}
