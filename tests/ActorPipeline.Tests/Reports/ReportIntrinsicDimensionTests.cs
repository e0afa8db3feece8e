using ActorPipeline.Host.Reports;

namespace ActorPipeline.Tests.Reports;

/// <summary>The report's intrinsic-dimension part on the fixture's Cifar2 (3 repetitions) with hand-computed medians and ρ; absent without the file.</summary>
public sealed class ReportIntrinsicDimensionTests
{
    // dense once (iteration 0); fc1 of repetition 1 at iteration 1 undefined (in no median)
    private const string IntrinsicDimension = """
        problem,repetition,iteration,overall_sparsity,layer,layer_index,id,n_points,features,duplicate_points,tied_points,undefined_reason
        Cifar2,0,0,0,conv1,0,10,400,16384,0,0,
        Cifar2,0,0,0,pool1,1,12,400,4096,0,0,
        Cifar2,0,0,0,fc1,3,6,400,256,0,0,
        Cifar2,0,1,0.2,conv1,0,11,400,16384,0,0,
        Cifar2,0,1,0.2,pool1,1,15,400,4096,0,0,
        Cifar2,0,1,0.2,fc1,3,5,400,256,0,0,
        Cifar2,1,1,0.2,conv1,0,12,400,16384,0,0,
        Cifar2,1,1,0.2,pool1,1,13,400,4096,0,0,
        Cifar2,1,1,0.2,fc1,3,,400,256,400,0,every point a duplicate
        Cifar2,2,1,0.2,conv1,0,9,400,16384,0,0,
        Cifar2,2,1,0.2,pool1,1,14,400,4096,0,0,
        Cifar2,2,1,0.2,fc1,3,7,400,256,0,0,
        Cifar2,0,2,0.36,conv1,0,13,400,16384,0,0,
        Cifar2,0,2,0.36,pool1,1,16,400,4096,0,0,
        Cifar2,0,2,0.36,fc1,3,4,400,256,0,0,
        Cifar2,1,2,0.36,conv1,0,14,400,16384,0,0,
        Cifar2,1,2,0.36,pool1,1,18,400,4096,0,0,
        Cifar2,1,2,0.36,fc1,3,3,400,256,0,0,
        Cifar2,2,2,0.37,conv1,0,12,400,16384,0,0,
        Cifar2,2,2,0.37,pool1,1,17,400,4096,0,0,
        Cifar2,2,2,0.37,fc1,3,5,400,256,0,0,
        """;

    [Fact]
    public void Medians_changes_and_the_rank_correlation_are_the_hand_computed_ones()
    {
        using var sweep = ReportFixture.Create();
        File.WriteAllText(Path.Combine(sweep.Path, "results", IntrinsicDimensionCsv.FileName), IntrinsicDimension + "\n");

        var result = ReportGenerator.Generate(sweep.Path);

        var id = Assert.IsType<IntrinsicDimensionReport>(result.IntrinsicDimension);
        var panel = Assert.Single(id.Grid.Panels);
        Assert.Equal(["conv1", "pool1", "fc1"], panel.Layers);
        Assert.Equal([0, 1, 2], panel.Curves.Select(c => c.Iteration));
        // iteration 1: conv1 median(11, 12, 9) = 11, pool1 median(15, 13, 14) = 14, fc1 median(5, 7) = 6 on 2 repetitions
        Assert.Equal([(10.0, 1), (12.0, 1), (6.0, 1)], panel.Curves[0].Points.Select(p => (p.Value, p.Repetitions)));
        Assert.Equal([(11.0, 3), (14.0, 3), (6.0, 2)], panel.Curves[1].Points.Select(p => (p.Value, p.Repetitions)));
        Assert.Equal([13.0, 17, 4], panel.Curves[2].Points.Select(p => p.Value));

        // Δ ID medians (pruned − dense) beside the svcca medians, iteration 1 then 2, layers in network order:
        // (1, .90) (2, .80) (0, .55) (3, .80) (5, .65) (−2, .40)
        var comparison = Assert.Single(id.Comparisons);
        Assert.Equal("svcca", comparison.Metric);
        Assert.Equal([(1.0, 0.90), (2.0, 0.80), (0.0, 0.55), (3.0, 0.80), (5.0, 0.65), (-2.0, 0.40)],
            comparison.Points.Select(p => (p.IdChange, Math.Round(p.Similarity, 12))));
        // ranks Δ 3, 4, 2, 5, 6, 1; similarity 6, 4.5, 2, 4.5, 3, 1 (a tie); Σdxdy = 8, Σdx² = 17.5, Σdy² = 17
        Assert.Equal(8 / Math.Sqrt(17.5 * 17), comparison.Spearman!.Value, 12);

        foreach (var stem in new[] { IntrinsicDimensionReport.LayerFigureStem, ReportGenerator.WithSpread(IntrinsicDimensionReport.LayerFigureStem), IntrinsicDimensionReport.ComparisonFigureStem })
        foreach (var extension in new[] { ".png", ".svg" })
            Assert.True(File.Exists(Path.Combine(sweep.Path, ReportGenerator.FiguresFolderName, stem + extension)), stem + extension);
        var html = File.ReadAllText(result.HtmlPath);
        Assert.Contains(ReportText.IntrinsicDimensionHeading, html);
        Assert.Contains("0.464", html); // ρ in the table
        var undefined = Assert.Single(id.Undefined);
        Assert.Equal((1, 1, "fc1", "every point a duplicate"), (undefined.Repetition, undefined.Iteration, undefined.Layer, undefined.UndefinedReason));
        Assert.Contains("every point a duplicate", html);
        Assert.Contains(ReportText.IntrinsicDimensionHeading, File.ReadAllText(result.MarkdownPath));
    }

    [Fact]
    public void Without_the_file_the_report_has_no_intrinsic_dimension_part()
    {
        using var sweep = ReportFixture.Create();

        var result = ReportGenerator.Generate(sweep.Path);

        Assert.Null(result.IntrinsicDimension);
        Assert.DoesNotContain(ReportText.IntrinsicDimensionHeading, File.ReadAllText(result.HtmlPath));
        Assert.False(File.Exists(Path.Combine(sweep.Path, ReportGenerator.FiguresFolderName, IntrinsicDimensionReport.LayerFigureStem + ".svg")));
    }
}
