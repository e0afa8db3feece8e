using TorchSharp;
using static TorchSharp.torch;

namespace ActorPipeline.Ml.Models;

/// <summary>
/// Inverted dropout drawing its mask from an explicit generator. torch's Dropout uses the
/// process-wide generator, which concurrent trainings in one process would share: with an
/// own generator each training is reproducible on its own.
/// </summary>
public sealed class GeneratorDropout : nn.Module<Tensor, Tensor>
{
    private readonly double _rate;

    public GeneratorDropout(double rate) : base(nameof(GeneratorDropout))
    {
        if (!(rate is >= 0 and < 1)) // the negated test also rejects NaN
            throw new ArgumentOutOfRangeException(nameof(rate), rate, $"Dropout rate {rate} must lie in [0, 1).");
        _rate = rate;
    }

    /// <summary>Source of the masks in training mode; null uses torch's global generator.</summary>
    public Generator? Generator { get; set; }

    public override Tensor forward(Tensor input)
    {
        if (!training || _rate == 0) return input.alias();
        using var scope = NewDisposeScope();
        var keep = empty_like(input).bernoulli_(1 - _rate, Generator);
        return input.mul(keep).div_(1 - _rate).MoveToOuterDisposeScope();
    }
}
