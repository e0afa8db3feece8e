using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ActorPipeline.Ml.Training;

/// <summary>
/// Gradient-norm clipping with the arithmetic of torch.nn.utils.clip_grad_norm_ (L2): the norm of all
/// gradients together, as one vector, is brought down to at most the limit. TorchSharp's own
/// clip_grad_norm_ reads that norm back to the host on every call; this one keeps it on the device,
/// so a training step still never waits for the accelerator.
/// </summary>
public static class GradientClipping
{
    /// <summary>
    /// Multiplies every gradient by min(1, <paramref name="maxNorm"/> / (‖g‖₂ + 1e-6)), where ‖g‖₂ is
    /// the L2 norm of all gradients of <paramref name="parameters"/> concatenated; parameters without a
    /// gradient are skipped. Gradients are changed in place.
    /// </summary>
    public static void ClipTotalNorm(IEnumerable<Parameter> parameters, double maxNorm)
    {
        if (!(double.IsFinite(maxNorm) && maxNorm > 0))
            throw new ArgumentOutOfRangeException(nameof(maxNorm), maxNorm, $"The gradient clip norm {maxNorm} must be a positive number.");
        using var scope = NewDisposeScope(); // the gradient wrappers and intermediate norms
        using var noGrad = no_grad();
        var gradients = parameters.Select(p => p.grad).OfType<Tensor>().ToList();
        if (gradients.Count == 0) return;
        var norms = gradients.Select(g => g.norm(p: 2)).ToList();
        var totalNorm = norms.Count == 1 ? norms[0] : stack(norms).norm(p: 2);
        // libtorch computes max_norm / (total + 1e-6) as a tensor filled with max_norm divided by the sum.
        var coefficient = full_like(totalNorm, maxNorm).div_(totalNorm.add(1e-6)).clamp_max_(1.0);
        foreach (var gradient in gradients)
            gradient.mul_(coefficient);
    }
}
