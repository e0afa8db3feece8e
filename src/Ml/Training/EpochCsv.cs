using System.Globalization;
using System.Text;

namespace ActorPipeline.Ml.Training;

/// <summary>Per-epoch metrics as CSV (invariant culture, empty cells for absent validation figures).</summary>
public static class EpochCsv
{
    public const string Header = "epoch,train_loss,train_accuracy,validation_loss,validation_accuracy,test_loss,test_accuracy,images_per_second,seconds";

    public static string Format(IEnumerable<EpochReport> history)
    {
        var text = new StringBuilder(Header).Append('\n');
        foreach (var r in history)
        {
            text.Append(string.Join(',',
                r.Epoch.ToString(CultureInfo.InvariantCulture), F(r.TrainLoss), F(r.TrainAccuracy),
                r.ValidationLoss is { } vl ? F(vl) : "", r.ValidationAccuracy is { } va ? F(va) : "",
                F(r.TestLoss), F(r.TestAccuracy), r.ImagesPerSecond.ToString("F1", CultureInfo.InvariantCulture),
                r.Elapsed.TotalSeconds.ToString("F3", CultureInfo.InvariantCulture))).Append('\n');
        }
        return text.ToString();
    }

    private static string F(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
