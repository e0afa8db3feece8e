using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace ActorPipeline.Host.Configuration;

/// <summary>Reads a sweep config from YAML or JSON (JSON is read as YAML), on top of a profile's values.</summary>
public static class SweepConfigLoader
{
    public static SweepConfig Load(string path, SweepConfig? basedOn = null)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Sweep config {path} does not exist.", path);
        return Parse(File.ReadAllText(path), path, basedOn);
    }

    public static SweepConfig Parse(string text, string source, SweepConfig? basedOn = null)
    {
        var config = (basedOn ?? new SweepConfig()).Clone();
        var deserializer = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build();
        try
        {
            using var reader = new StringReader(text);
            var parser = new Parser(reader);
            parser.Consume<YamlDotNet.Core.Events.StreamStart>();
            if (parser.Accept<YamlDotNet.Core.Events.DocumentStart>(out _))
            {
                // Populate onto the profile's values: keys absent from the file keep them.
                var overrides = deserializer.Deserialize<Dictionary<string, object?>>(parser) ?? new();
                foreach (var (key, value) in overrides) Apply(config, key, value, deserializer, source);
            }
        }
        catch (YamlException e)
        {
            throw new ArgumentException($"{source}: {e.Start.Line}:{e.Start.Column}: {e.InnerException?.Message ?? e.Message}");
        }
        config.Validate();
        return config;
    }

    private static void Apply(SweepConfig config, string key, object? value, IDeserializer deserializer, string source)
    {
        var property = typeof(SweepConfig).GetProperties().FirstOrDefault(p => UnderscoredNamingConvention.Instance.Apply(p.Name) == key)
                       ?? throw new ArgumentException($"{source}: unknown key '{key}'. Known keys: {string.Join(", ", typeof(SweepConfig).GetProperties().Select(p => UnderscoredNamingConvention.Instance.Apply(p.Name)))}.");
        // Round-trip the value through YAML into the property's type, so type errors name the key.
        var yaml = new SerializerBuilder().Build().Serialize(value);
        try
        {
            var typed = deserializer.Deserialize(yaml, property.PropertyType);
            property.SetValue(config, typed);
        }
        catch (YamlException e)
        {
            throw new ArgumentException($"{source}: '{key}' has an invalid value ({(value?.ToString() ?? "null").Trim()}): {e.InnerException?.Message ?? e.Message}");
        }
    }
}
