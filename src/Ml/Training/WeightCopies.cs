using ActorPipeline.Ml.Models;
using static TorchSharp.torch;

namespace ActorPipeline.Ml.Training;

/// <summary>
/// Copies of a network's weights kept in memory (the best epoch's, when training without a checkpoint folder). Owns its
/// tensors outside any dispose scope, because they outlive the scope that made them: they are freed when replaced and
/// when it is disposed.
/// </summary>
internal sealed class WeightCopies : IDisposable
{
    private List<Tensor>? _tensors;

    /// <summary>Replaces the copies with <paramref name="model"/>'s current weights.</summary>
    public void Take(PaperCnn model)
    {
        Dispose();
        using var noGrad = no_grad();
        _tensors = model.state_dict().Values.Select(t => t.detach().clone().DetachFromDisposeScope()).ToList();
    }

    /// <summary>Writes the copies back into <paramref name="model"/>'s weights.</summary>
    public void CopyInto(PaperCnn model)
    {
        if (_tensors is null) throw new InvalidOperationException("No weights were taken.");
        using var noGrad = no_grad();
        foreach (var (target, saved) in model.state_dict().Values.Zip(_tensors))
            target.copy_(saved);
    }

    public void Dispose()
    {
        _tensors?.ForEach(t => t.Dispose());
        _tensors = null;
    }
}
