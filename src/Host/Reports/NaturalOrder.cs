namespace ActorPipeline.Host.Reports;

/// <summary>Orders names with numbers by value, so that Cifar2 … Cifar10 come out as the paper lists them.</summary>
public sealed class NaturalOrder : IComparer<string>
{
    public static NaturalOrder Instance { get; } = new();

    public int Compare(string? x, string? y)
    {
        if (x is null || y is null)
            return Comparer<string?>.Default.Compare(x, y);
        int i = 0, j = 0;
        while (i < x.Length && j < y.Length)
        {
            if (char.IsAsciiDigit(x[i]) && char.IsAsciiDigit(y[j]))
            {
                int si = i, sj = j;
                while (i < x.Length && char.IsAsciiDigit(x[i])) i++;
                while (j < y.Length && char.IsAsciiDigit(y[j])) j++;
                var a = x[si..i].TrimStart('0');
                var b = y[sj..j].TrimStart('0');
                // Longer digit run (without leading zeros) is the larger number; equal lengths compare digit-wise.
                int byValue = a.Length != b.Length ? a.Length.CompareTo(b.Length) : string.CompareOrdinal(a, b);
                if (byValue != 0)
                    return byValue;
            }
            else
            {
                int byChar = x[i].CompareTo(y[j]);
                if (byChar != 0)
                    return byChar;
                i++;
                j++;
            }
        }
        return (x.Length - i).CompareTo(y.Length - j) is var rest and not 0 ? rest : string.CompareOrdinal(x, y);
    }
}
