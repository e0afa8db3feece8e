namespace ActorPipeline.Host.Telemetry;

/// <summary>The OTLP transports the pipeline exports with (OTLP/JSON is not supported by the .NET exporter).</summary>
public enum OtlpProtocol
{
    /// <summary>OTLP over gRPC (collector port 4317 by convention).</summary>
    Grpc,

    /// <summary>OTLP over HTTP with protobuf bodies (collector port 4318 by convention, paths /v1/traces etc.).</summary>
    HttpProtobuf,
}

/// <summary>Parses the protocol names of OTEL_EXPORTER_OTLP_PROTOCOL and of the --otlp-protocol flag.</summary>
public static class OtlpProtocolNames
{
    public static OtlpProtocol Parse(string value, string source) => value.Trim().ToLowerInvariant() switch
    {
        "grpc" => OtlpProtocol.Grpc,
        "http" or "http/protobuf" => OtlpProtocol.HttpProtobuf,
        _ => throw new ArgumentException($"{source}: unsupported OTLP protocol '{value}'; use grpc or http/protobuf (http)."),
    };
}
