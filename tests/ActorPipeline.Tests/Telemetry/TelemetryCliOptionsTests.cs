using System.CommandLine;
using ActorPipeline.Host.Telemetry;

namespace ActorPipeline.Tests.Telemetry;

public sealed class TelemetryCliOptionsTests
{
    private static (Command Command, TelemetryCliOptions Options) Verb()
    {
        var options = new TelemetryCliOptions();
        var command = new Command("verb");
        options.AddTo(command);
        return (command, options);
    }

    [Fact]
    public void Flags_parse_into_an_enabled_session()
    {
        var (command, options) = Verb();
        var parse = command.Parse(["--otlp", "http://127.0.0.1:4318", "--otlp-protocol", "http"]);
        Assert.Empty(parse.Errors);
        var settings = options.Resolve(parse);
        Assert.True(settings.Enabled);
        Assert.Equal(OtlpProtocol.HttpProtobuf, settings.Protocol);
        Assert.Equal("http://127.0.0.1:4318/v1/traces", settings.TracesEndpoint!.AbsoluteUri);
    }

    [Theory]
    [InlineData("--otlp", "localhost:4317", "--otlp")]
    [InlineData("--otlp-protocol", "json", "json")]
    public void Bad_flags_are_parse_errors(string flag, string value, string mentioned)
    {
        var (command, _) = Verb();
        var parse = command.Parse([flag, value]);
        Assert.Contains(parse.Errors, e => e.Message.Contains(mentioned, StringComparison.Ordinal));
    }
}
