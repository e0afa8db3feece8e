using System.Globalization;

namespace ActorPipeline.Host.Reports;

/// <summary>
/// Where a sweep's steps were computed, for the report: how many steps each (node, device kind, threads) computed, and the
/// repetitions whose steps ran on more than one kind of device, thread count, determinism or libtorch version: their
/// numbers depend on where each step ran (the plan's compute settings are meant to prevent the thread counts differing).
/// </summary>
public sealed record ProvenanceMix(IReadOnlyList<ProvenanceMix.Share> Shares, IReadOnlyList<ProvenanceMix.MixedRepetition> Mixed, int StepsWithout)
{
    /// <summary>Steps computed by one node on one kind of device with one thread count.</summary>
    public sealed record Share(string Node, string DeviceKind, int? Threads, bool? Deterministic, int Steps);

    /// <summary>A repetition whose steps disagree in <see cref="Differences"/> (e.g. "threads 1, 2").</summary>
    public sealed record MixedRepetition(string Problem, int Repetition, IReadOnlyList<string> Differences);

    public static ProvenanceMix From(IReadOnlyList<ProvenanceRecord> steps)
    {
        var known = steps.Where(s => s.HasProvenance).ToList();
        var shares = known.GroupBy(s => (s.Node, s.DeviceKind, s.Threads, s.Deterministic))
            .Select(g => new Share(g.Key.Node, g.Key.DeviceKind, g.Key.Threads, g.Key.Deterministic, g.Count()))
            .OrderBy(s => s.Node, NaturalOrder.Instance).ThenBy(s => s.DeviceKind, StringComparer.Ordinal).ThenBy(s => s.Threads).ToList();
        var mixed = new List<MixedRepetition>();
        foreach (var repetition in known.Where(s => s.Repetition is not null).GroupBy(s => (s.Problem, Repetition: s.Repetition!.Value))
                     .OrderBy(g => g.Key.Problem, NaturalOrder.Instance).ThenBy(g => g.Key.Repetition))
        {
            var differences = new List<string>();
            void Check<T>(string what, Func<ProvenanceRecord, T> value)
            {
                var distinct = repetition.Select(value).Distinct().Select(v => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "").Order(StringComparer.Ordinal).ToList();
                if (distinct.Count > 1) differences.Add($"{what} {string.Join(", ", distinct)}");
            }
            Check("device", s => s.DeviceKind);
            Check("threads", s => s.Threads);
            Check("deterministic", s => s.Deterministic);
            Check("libtorch", s => s.Libtorch);
            if (differences.Count > 0) mixed.Add(new MixedRepetition(repetition.Key.Problem, repetition.Key.Repetition, differences));
        }
        return new ProvenanceMix(shares, mixed, steps.Count - known.Count);
    }
}
