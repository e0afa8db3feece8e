using ActorPipeline.Ml.Devices;
using static TorchSharp.torch;

namespace ActorPipeline.Tests.Gpu;

/// <summary>The CUDA speed settings are no-ops on the CPU (these run everywhere; the CUDA side is in CudaPipelineTests).</summary>
public sealed class GpuPerformanceTests
{
    [Fact]
    public void On_the_cpu_every_setting_is_a_no_op()
    {
        using var scope = NewDisposeScope();
        var all = new GpuPerformance(Tf32: true, ChannelsLast: true);
        all.Apply(CPU); // must not touch (or need) CUDA
        var batch = randn(2, 3, 4, 4);
        Assert.Same(batch, all.Prepare(batch));
        Assert.Equal("tf32 on, channels-last on", all.Describe());
        Assert.Equal(new GpuPerformance(), GpuPerformance.Default);
    }

    [Fact]
    public void Channels_last_keeps_shape_and_values_and_changes_the_strides()
    {
        using var scope = NewDisposeScope();
        var batch = randn(2, 3, 4, 5);
        var nhwc = GpuPerformance.ToChannelsLast(batch);
        Assert.Equal(batch.shape, nhwc.shape);
        Assert.Equal(new long[] { 60, 1, 15, 3 }, nhwc.stride());
        Assert.True(batch.equal(nhwc).all().item<bool>());
    }
}
