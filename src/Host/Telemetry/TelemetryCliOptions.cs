using System.CommandLine;

namespace ActorPipeline.Host.Telemetry;

/// <summary>The --otlp / --otlp-protocol flags, for any verb that runs long enough to be worth tracing.</summary>
public sealed class TelemetryCliOptions
{
    public Option<Uri?> Endpoint { get; } = new("--otlp")
    {
        Description = "Export traces, metrics and logs over OTLP to this collector URL (e.g. http://localhost:4317); overrides OTEL_EXPORTER_OTLP_ENDPOINT.",
        CustomParser = result =>
        {
            var text = result.Tokens.Single().Value;
            if (Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme is "http" or "https")
                return url;
            result.AddError($"--otlp: '{text}' is not an http:// or https:// URL.");
            return null;
        },
    };

    public Option<string?> Protocol { get; } = new Option<string?>("--otlp-protocol")
    {
        Description = "OTLP transport: grpc (default) or http; overrides OTEL_EXPORTER_OTLP_PROTOCOL.",
    }.AcceptOnlyFromAmong("grpc", "http", "http/protobuf");

    public void AddTo(Command command)
    {
        command.Options.Add(Endpoint);
        command.Options.Add(Protocol);
    }

    /// <summary>The telemetry settings from the parsed flags and the OTEL_* environment (a process's host exports with them).</summary>
    /// <param name="serviceInstanceId">The node's name in a cluster (service.instance.id); null: generated.</param>
    public TelemetrySettings Resolve(ParseResult parse, string? serviceInstanceId = null) =>
        TelemetrySettings.Resolve(
            parse.GetValue(Endpoint),
            parse.GetValue(Protocol) is { } protocol ? OtlpProtocolNames.Parse(protocol, "--otlp-protocol") : null) with
        { ServiceInstanceId = serviceInstanceId };
}
