namespace ActorPipeline.Ml.Devices;

/// <summary>
/// The fields of a /proc/[pid]/stat line by their number in proc(5). The command name (field 2) is in parentheses and
/// may hold spaces and parentheses itself, so fields are counted from the last ')'.
/// </summary>
public sealed class ProcSelfStat
{
    private readonly string[] _fromState;

    private ProcSelfStat(string[] fromState) => _fromState = fromState;

    /// <summary>Splits the line; a clear error when it has no "(comm)" field.</summary>
    public static ProcSelfStat Parse(string text)
    {
        int close = text.LastIndexOf(')');
        if (close < 0) throw new FormatException("/proc/self/stat has no \"(comm)\" field.");
        return new ProcSelfStat(text[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>How many fields the line has in all.</summary>
    public int Count => _fromState.Length + 2;

    /// <summary>Field <paramref name="number"/> (1-based, as proc(5) numbers them; 3 and above).</summary>
    public string this[int number] => _fromState[number - 3];
}
