using System.Globalization;
using ActorPipeline.Ml.Pruning;

namespace ActorPipeline.Host.UseCases;

/// <summary>imp.csv: one row per iteration (0: the dense network) with its sparsity, parameter counts and accuracy.</summary>
public static class ImpCsv
{
    public const string FileName = "imp.csv";
    public const string Header = "iteration,conv_sparsity,fc_sparsity,overall_sparsity,conv_alive,conv_total,fc_alive,fc_total,test_accuracy,epochs,best_epoch,stopped_early";

    public static string Row(int iteration, SparsityReport s, double accuracy, int epochs, int? bestEpoch, bool stoppedEarly) =>
        string.Join(',', iteration.ToString(CultureInfo.InvariantCulture), F(s.Conv), F(s.Fc), F(s.Overall),
            (s.ConvTotal - s.ConvPruned).ToString(CultureInfo.InvariantCulture), s.ConvTotal.ToString(CultureInfo.InvariantCulture),
            (s.FcTotal - s.FcPruned).ToString(CultureInfo.InvariantCulture), s.FcTotal.ToString(CultureInfo.InvariantCulture),
            F(accuracy), epochs.ToString(CultureInfo.InvariantCulture), bestEpoch?.ToString(CultureInfo.InvariantCulture) ?? "",
            stoppedEarly ? "true" : "false");

    private static string F(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
