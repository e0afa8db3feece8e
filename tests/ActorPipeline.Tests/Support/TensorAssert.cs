using static TorchSharp.torch;

namespace ActorPipeline.Tests.Support;

internal static class TensorAssert
{
    /// <summary>Same shape, dtype and every element bit-for-bit equal.</summary>
    public static bool BitEqual(Tensor a, Tensor b)
    {
        if (a.dtype != b.dtype || !a.shape.SequenceEqual(b.shape)) return false;
        using var left = a.detach().cpu().contiguous();
        using var right = b.detach().cpu().contiguous();
        return left.bytes.SequenceEqual(right.bytes);
    }

    /// <summary>Pairwise <see cref="BitEqual"/> over two equally long sequences.</summary>
    public static bool AllBitEqual(IEnumerable<Tensor> a, IEnumerable<Tensor> b)
    {
        var left = a.ToList();
        var right = b.ToList();
        return left.Count == right.Count && left.Zip(right).All(p => BitEqual(p.Item1, p.Item2));
    }
}
