using System.CommandLine;
using System.Text.Json;
using ActorPipeline.Host.Cli;
using ActorPipeline.Ml.Devices;
using ActorPipeline.Ml.Similarity;

namespace ActorPipeline.Host.Commands;

/// <summary>`similarity`: SVCCA, CCA, PWCCA, CKA and NBS of two layers' .npy activations, streamed in chunks; prints JSON.</summary>
internal static class SimilarityCommand
{
    public static Command Create()
    {
        var a = new Option<string>("--a") { Description = "Activations of layer A: .npy, float32/float64, (n, features) or (n, channels, height, width).", Required = true };
        var b = new Option<string>("--b") { Description = "Activations of layer B for the same n inputs.", Required = true };
        var metrics = new Option<string>("--metrics") { Description = "Comma-separated: svcca,cca,pwcca,cka,nbs.", DefaultValueFactory = _ => "svcca,cca,pwcca,cka,nbs" };
        var variance = new Option<double>("--variance") { Description = "SVCCA: fraction of each layer's spectrum kept.", DefaultValueFactory = _ => 0.99 };
        var reduction = new Option<string>("--reduction")
        {
            Description = "SVCCA rule: eigenvalue (fraction of variance, the paper), singular (fraction of singular values), anatome, or fixed (--dims directions).",
            DefaultValueFactory = _ => "eigenvalue",
        };
        var dims = new Option<int>("--dims") { Description = "SVCCA directions per layer with --reduction fixed.", DefaultValueFactory = _ => 20 };
        var device = new Option<string>("--device") { Description = "cpu, cuda, cuda:N: where the covariance is accumulated.", DefaultValueFactory = _ => "cpu" };
        var command = new Command("similarity", "Compare two layers' activations (.npy): SVCCA, CCA, PWCCA, linear CKA, normalized Bures similarity, from one streaming pass; prints JSON.")
        {
            a, b, metrics, variance, reduction, dims, device,
        };
        command.SetAction(parse => CliErrors.RunAsync(() =>
        {
            var options = new SimilarityOptions
            {
                Metrics = SimilarityMetrics.Parse(parse.GetValue(metrics)!),
                VarianceFraction = parse.GetValue(variance),
                Rule = ParseRule(parse.GetValue(reduction)!),
                SvccaDimensions = parse.GetValue(dims),
            };
            options.Validate();
            var target = ComputeDevices.ParseOne(parse.GetValue(device)!);
            string pathA = parse.GetValue(a)!, pathB = parse.GetValue(b)!;
            using var accumulator = NpySimilarity.Accumulate(pathA, pathB, target);
            var result = SimilarityEngine.Compute(accumulator.ToCovariance(), options);
            Console.WriteLine(ToJson(pathA, pathB, accumulator, result));
            foreach (var warning in result.Warnings) Console.Error.WriteLine($"warning: {warning}");
            return Task.FromResult(0);
        }));
        return command;
    }

    internal static SvccaReduction ParseRule(string name) => name.Trim().ToLowerInvariant() switch
    {
        "eigenvalue" or "variance" => SvccaReduction.EigenvalueFraction,
        "singular" => SvccaReduction.SingularValueFraction,
        "anatome" => SvccaReduction.AnatomeSingularValueFraction,
        "fixed" => SvccaReduction.FixedDimensions,
        _ => throw new ArgumentException($"Unknown SVCCA reduction \"{name}\"; use eigenvalue, singular, anatome or fixed."),
    };

    private static string ToJson(string pathA, string pathB, CovarianceAccumulator accumulator, SimilarityResult result)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("a", pathA);
            json.WriteString("b", pathB);
            json.WriteNumber("datapoints", result.Count);
            json.WriteNumber("features_a", accumulator.FeaturesA);
            json.WriteNumber("features_b", accumulator.FeaturesB);
            json.WriteNumber("constant_neurons_a", result.ConstantNeuronsA);
            json.WriteNumber("constant_neurons_b", result.ConstantNeuronsB);
            json.WriteNumber("rank_a", result.RankA);
            json.WriteNumber("rank_b", result.RankB);
            foreach (var (name, value) in result.Values()) json.WriteNumber(name, value);
            // an undefined value is null beside its reason, so a reader never mistakes it for a metric not asked for
            foreach (var name in result.Undefined.Keys) json.WriteNull(name);
            if (result.Undefined.Count > 0)
            {
                json.WriteStartObject("undefined");
                foreach (var (name, reason) in result.Undefined) json.WriteString(name, reason);
                json.WriteEndObject();
            }
            if (result.SvccaKeptA is { } keptA) json.WriteNumber("svcca_kept_a", keptA);
            if (result.SvccaKeptB is { } keptB) json.WriteNumber("svcca_kept_b", keptB);
            WriteArray(json, "svcca_correlations", result.SvccaCorrelations);
            WriteArray(json, "cca_correlations", result.CcaCorrelations);
            json.WriteStartArray("warnings");
            foreach (var warning in result.Warnings) json.WriteStringValue(warning);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteArray(Utf8JsonWriter json, string name, double[]? values)
    {
        if (values is null) return;
        json.WriteStartArray(name);
        foreach (var value in values) json.WriteNumberValue(value);
        json.WriteEndArray();
    }
}
