namespace ActorPipeline.Ml.Models;

/// <summary>
/// A network in the paper's Table 2 notation: convolutional part (e.g. "16*, 16, MP") and hidden
/// fully-connected part (e.g. "256§"). The output layer (one unit per class) is implied. Choices the
/// notation does not express (dropout rate, what fc1 receives) are <see cref="NetworkOptions"/>.
/// </summary>
public sealed record ArchitectureSpec(IReadOnlyList<LayerSpec> Convolutional, IReadOnlyList<FcSpec> FullyConnected)
{
    /// <summary>Parses e.g. <c>Parse("64*, 64*, MP", "1024§*")</c>. Errors name the offending token.</summary>
    public static ArchitectureSpec Parse(string convolutional, string fullyConnected)
    {
        var conv = Tokens(convolutional).Select(ParseConvToken).ToList();
        var fc = Tokens(fullyConnected).Select(ParseFcToken).ToList();
        if (conv.Count == 0 || conv[0] is not ConvSpec)
            throw new FormatException($"Convolutional part \"{convolutional}\" must start with a convolution (e.g. \"16*, 16, MP\").");
        return new ArchitectureSpec(conv, fc);
    }

    /// <summary>Parses the whole notation as <see cref="ToString"/> writes it: "&lt;conv layers&gt; / &lt;fc layers&gt;".</summary>
    public static ArchitectureSpec Parse(string notation)
    {
        var parts = notation.Split(" / ");
        if (parts.Length != 2)
            throw new FormatException($"Architecture \"{notation}\" is not \"<conv layers> / <fc layers>\" (e.g. \"16*, 16, MP / 256§\").");
        return Parse(parts[0], parts[1]);
    }

    public bool Equals(ArchitectureSpec? other) =>
        other is not null && Convolutional.SequenceEqual(other.Convolutional) && FullyConnected.SequenceEqual(other.FullyConnected);

    public override int GetHashCode() => ToString().GetHashCode();

    public string ConvolutionalNotation => string.Join(", ", Convolutional);
    public string FullyConnectedNotation => string.Join(", ", FullyConnected);
    public override string ToString() => $"{ConvolutionalNotation} / {FullyConnectedNotation}";

    /// <summary>Spatial size of the last feature map for 32×32 inputs.</summary>
    public int FinalSpatialSize(int inputSize = 32)
    {
        int size = inputSize;
        foreach (var _ in Convolutional.OfType<MaxPoolSpec>())
        {
            if (size < 2) throw new InvalidOperationException($"Too many max-pools in \"{ConvolutionalNotation}\" for {inputSize}×{inputSize} inputs.");
            size /= 2;
        }
        return size;
    }

    private static IEnumerable<string> Tokens(string notation) =>
        notation.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    private static LayerSpec ParseConvToken(string token)
    {
        if (token.Equals("MP", StringComparison.OrdinalIgnoreCase)) return new MaxPoolSpec();
        var batchNorm = token.EndsWith('*');
        var digits = batchNorm ? token[..^1] : token;
        if (!int.TryParse(digits, out var channels) || channels <= 0)
            throw new FormatException($"Convolutional token \"{token}\" is not a channel count optionally followed by * (batch norm), or MP.");
        return new ConvSpec(channels, batchNorm);
    }

    private static FcSpec ParseFcToken(string token)
    {
        var rest = token;
        bool dropout = false, batchNorm = false;
        while (rest.Length > 0 && (rest[^1] == '§' || rest[^1] == '*'))
        {
            if (rest[^1] == '§') dropout = true; else batchNorm = true;
            rest = rest[..^1];
        }
        if (!int.TryParse(rest, out var units) || units <= 0)
            throw new FormatException($"Fully-connected token \"{token}\" is not a unit count optionally followed by § (dropout) and/or * (batch norm).");
        return new FcSpec(units, dropout, batchNorm);
    }
}
