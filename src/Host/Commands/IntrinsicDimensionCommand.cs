using System.CommandLine;
using System.Text.Json;
using ActorPipeline.Host.Cli;
using ActorPipeline.Ml.Devices;
using ActorPipeline.Ml.IntrinsicDimension;

namespace ActorPipeline.Host.Commands;

/// <summary>`intrinsic-dimension`: TwoNN of one layer's .npy activations (one point per input, flattened); prints JSON.</summary>
internal static class IntrinsicDimensionCommand
{
    public static Command Create()
    {
        var a = new Option<string>("--a") { Description = "Activations of the layer: .npy, float32/float64, (n, features) or (n, channels, height, width); each input is one point.", Required = true };
        var fraction = new Option<double>("--fraction") { Description = "Fraction of the sorted ratios r2/r1 fitted, the smallest first (Ansuini et al.: 0.9, the largest 10% discarded).", DefaultValueFactory = _ => TwoNnOptions.PaperFraction };
        var device = new Option<string>("--device") { Description = "cpu, cuda, cuda:N: where the nearest neighbours are searched.", DefaultValueFactory = _ => "cpu" };
        var command = new Command("intrinsic-dimension", "TwoNN intrinsic dimension of a layer's activations (.npy): exact nearest neighbours in float64, blockwise; prints JSON.")
        {
            a, fraction, device,
        };
        command.SetAction(parse => CliErrors.RunAsync(() =>
        {
            var options = new TwoNnOptions { Fraction = parse.GetValue(fraction) };
            options.Validate();
            var target = ComputeDevices.ParseOne(parse.GetValue(device)!);
            string path = parse.GetValue(a)!;
            using var points = NpyPoints.Read(path, target);
            var result = points.Estimate(options);
            Console.WriteLine(ToJson(path, result));
            if (result.Undefined is { } reason) Console.Error.WriteLine($"warning: the intrinsic dimension is undefined: {reason}");
            else if (result.DuplicatePoints + result.TiedPoints > 0)
                Console.Error.WriteLine($"warning: {result.DuplicatePoints} duplicate and {result.TiedPoints} tied points of {result.Points} left out of the fit");
            return Task.FromResult(0);
        }));
        return command;
    }

    private static string ToJson(string path, TwoNnResult result)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("a", path);
            json.WriteNumber("points", result.Points);
            json.WriteNumber("features", result.Features);
            // undefined is null beside its reason, never NaN
            if (result.Dimension is { } dimension) json.WriteNumber("intrinsic_dimension", dimension);
            else json.WriteNull("intrinsic_dimension");
            if (result.Undefined is { } reason) json.WriteString("undefined", reason);
            json.WriteNumber("fraction", result.Fraction);
            json.WriteNumber("ratios", result.Ratios);
            json.WriteNumber("fitted_ratios", result.FittedRatios);
            json.WriteNumber("duplicate_points", result.DuplicatePoints);
            json.WriteNumber("tied_points", result.TiedPoints);
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
