using System.Globalization;

namespace ActorPipeline.Ml.Compute;

/// <summary>
/// The config's spelling of libtorch's CPU threads: a count (1..<see cref="ComputeSettings.MaximumThreads"/>) or
/// <see cref="Auto"/>, which a new sweep resolves once, to the creating process's count, and keeps in its plan.
/// </summary>
public static class CpuThreadsSetting
{
    public const string Auto = "auto";

    public const string Rule = "use auto or a whole number of threads from 1 to 1024";

    /// <summary>The count <paramref name="value"/> chooses; null for <see cref="Auto"/>; an <see cref="ArgumentException"/> saying what is allowed otherwise.</summary>
    public static int? Parse(string? value)
    {
        var text = value?.Trim() ?? "";
        if (text.Equals(Auto, StringComparison.OrdinalIgnoreCase)) return null;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int threads) && threads is >= 1 and <= ComputeSettings.MaximumThreads) return threads;
        throw new ArgumentException($"'{value}' is not a CPU thread count: {Rule}.");
    }

    public static bool IsValid(string? value)
    {
        try
        {
            Parse(value);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>What <see cref="Auto"/> resolves to in this process: libtorch's default (OMP_NUM_THREADS, else the cores it may use).</summary>
    public static int OfThisProcess() => TorchSharp.torch.get_num_threads();
}
