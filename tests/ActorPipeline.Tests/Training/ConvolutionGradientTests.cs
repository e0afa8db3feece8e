using static TorchSharp.torch;

namespace ActorPipeline.Tests.Training;

/// <summary>
/// Guards <c>ActorPipeline.Ml.NativeRuntime</c>: float32 conv2d gradients must match a float64 reference
/// (oneDNN's AVX-512 backward-data kernel returns garbage on some AVX-512 CPUs).
/// </summary>
public sealed class ConvolutionGradientTests
{
    [Fact]
    public void Conv2d_input_and_weight_gradients_match_a_float64_reference()
    {
        System.Runtime.CompilerServices.RuntimeHelpers.RunModuleConstructor(typeof(ActorPipeline.Ml.Models.PaperCnn).Module.ModuleHandle);
        Assert.Equal("AVX2", Environment.GetEnvironmentVariable("ONEDNN_MAX_CPU_ISA"));
        using var scope = NewDisposeScope();
        using var generator = new Generator(1);
        var x = randn([32, 8, 32, 32], generator: generator);
        var w = randn([8, 8, 3, 3], generator: generator);
        var b = randn([8], generator: generator);
        var xd = x.to(ScalarType.Float64).requires_grad_(true);
        var wd = w.to(ScalarType.Float64).requires_grad_(true);
        nn.functional.conv2d(xd, wd, b.to(ScalarType.Float64), padding: [1, 1]).square().sum().backward();

        for (int repeat = 0; repeat < 3; repeat++)
        {
            var xf = x.clone().requires_grad_(true);
            var wf = w.clone().requires_grad_(true);
            nn.functional.conv2d(xf, wf, b, padding: [1, 1]).square().sum().backward();
            var inputError = (xf.grad!.to(ScalarType.Float64) - xd.grad!).abs().max().item<double>() / xd.grad!.abs().max().item<double>();
            var weightError = (wf.grad!.to(ScalarType.Float64) - wd.grad!).abs().max().item<double>() / wd.grad!.abs().max().item<double>();
            Assert.True(inputError < 1e-4, $"input gradient relative error {inputError}");
            Assert.True(weightError < 1e-4, $"weight gradient relative error {weightError}");
        }
    }
}
