using ActorPipeline.Ml.Models;
using static TorchSharp.torch;

namespace ActorPipeline.Tests.Pruning;

/// <summary>Tiny networks whose parameters tests set by hand.</summary>
internal static class PruningTestNets
{
    /// <summary>conv1 (2×3×3×3 + 2, batch norm), fc1 (3×512 + 3, batch norm), output (2×3 + 2).</summary>
    public static readonly ArchitectureSpec OneConv = ArchitectureSpec.Parse("2*, MP", "3*");

    /// <summary>conv1 (2×3×3×3 + 2), conv2 (2×2×3×3 + 2), fc1 (3×512 + 3), output (2×3 + 2).</summary>
    public static readonly ArchitectureSpec TwoConv = ArchitectureSpec.Parse("2, 2, MP", "3");

    public static PaperCnn Make(ArchitectureSpec spec, ulong seed = 5)
    {
        var model = new PaperCnn(spec, 2);
        using var generator = new Generator(seed);
        model.Initialize(generator);
        return model;
    }

    public static TorchSharp.Modules.Parameter Param(PaperCnn model, string name) =>
        model.named_parameters().Single(p => p.name == name).parameter;

    /// <summary>Sets a parameter to <paramref name="values"/> (row-major).</summary>
    public static void Set(PaperCnn model, string name, float[] values)
    {
        var parameter = Param(model, name);
        using var noGrad = no_grad();
        using var source = tensor(values, parameter.shape);
        parameter.copy_(source);
    }

    /// <summary>Sets a parameter to f(flat index).</summary>
    public static void Set(PaperCnn model, string name, Func<int, float> value)
    {
        var count = (int)Param(model, name).numel();
        Set(model, name, Enumerable.Range(0, count).Select(value).ToArray());
    }

    public static bool[] AliveOf(Ml.Pruning.MaskSet masks, string name)
    {
        using var flat = masks.Alive(name).cpu().flatten();
        return flat.data<bool>().ToArray();
    }

    public static float[] ValuesOf(PaperCnn model, string name)
    {
        using var flat = Param(model, name).detach().cpu().flatten();
        return flat.data<float>().ToArray();
    }

    /// <summary>Positions where the mask is false.</summary>
    public static int[] PrunedPositions(Ml.Pruning.MaskSet masks, string name) =>
        AliveOf(masks, name).Select((a, i) => (a, i)).Where(x => !x.a).Select(x => x.i).ToArray();
}
