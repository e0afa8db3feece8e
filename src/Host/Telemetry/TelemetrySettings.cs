namespace ActorPipeline.Host.Telemetry;

/// <summary>
/// Where and how telemetry is exported, resolved from the standard OTEL_* environment variables and an
/// explicit override (the --otlp / --otlp-protocol flags). Disabled means no provider at all: no overhead.
/// </summary>
/// <param name="TracesEndpoint">Full URL the trace exporter posts to (for HTTP it includes /v1/traces); null when tracing is off.</param>
/// <param name="SignalsEndpoint">Base URL for metrics and logs; null when only traces are configured (OTEL_EXPORTER_OTLP_TRACES_ENDPOINT alone).</param>
/// <param name="ServiceInstanceId">The process's service.instance.id (a cluster node's name, so Jaeger tells nodes apart); null: a generated one.</param>
public sealed record TelemetrySettings(bool Enabled, OtlpProtocol Protocol, Uri? TracesEndpoint, Uri? SignalsEndpoint, string ServiceName, string? ServiceInstanceId = null)
{
    public const string DefaultServiceName = "actorpipeline";

    public static TelemetrySettings Disabled { get; } = new(false, OtlpProtocol.Grpc, null, null, DefaultServiceName);

    /// <summary>The endpoint metrics are posted to, with the per-signal path for HTTP.</summary>
    public Uri? MetricsEndpoint => SignalPath(SignalsEndpoint, "v1/metrics");

    /// <summary>The endpoint logs are posted to, with the per-signal path for HTTP.</summary>
    public Uri? LogsEndpoint => SignalPath(SignalsEndpoint, "v1/logs");

    /// <summary>
    /// Resolves the settings. An explicit endpoint wins over every variable (also over OTEL_SDK_DISABLED: the user
    /// asked for it on the command line); otherwise OTEL_SDK_DISABLED=true turns everything off, and with no
    /// endpoint variable set nothing is exported.
    /// </summary>
    public static TelemetrySettings Resolve(Uri? endpointOverride = null, OtlpProtocol? protocolOverride = null, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        string? Variable(string name) => environment(name) is { Length: > 0 } value ? value.Trim() : null;

        var serviceName = Variable("OTEL_SERVICE_NAME") ?? DefaultServiceName;
        var protocol = protocolOverride
                       ?? (Variable("OTEL_EXPORTER_OTLP_PROTOCOL") is { } named ? OtlpProtocolNames.Parse(named, "OTEL_EXPORTER_OTLP_PROTOCOL") : OtlpProtocol.Grpc);

        if (endpointOverride is not null)
        {
            RequireHttpUrl(endpointOverride, "--otlp");
            return new TelemetrySettings(true, protocol, SignalPath(endpointOverride, "v1/traces", protocol), endpointOverride, serviceName);
        }

        if (string.Equals(Variable("OTEL_SDK_DISABLED"), "true", StringComparison.OrdinalIgnoreCase))
            return Disabled with { ServiceName = serviceName };

        var general = ParseUrl(Variable("OTEL_EXPORTER_OTLP_ENDPOINT"), "OTEL_EXPORTER_OTLP_ENDPOINT");
        // A signal-specific endpoint is used as given (the OTLP spec: no path is appended).
        var traces = ParseUrl(Variable("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"), "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")
                     ?? SignalPath(general, "v1/traces", protocol);
        if (traces is null && general is null)
            return Disabled with { ServiceName = serviceName, Protocol = protocol };
        return new TelemetrySettings(true, protocol, traces, general, serviceName);
    }

    private Uri? SignalPath(Uri? baseUrl, string path) => SignalPath(baseUrl, path, Protocol);

    // gRPC exporters take the bare endpoint; OTLP/HTTP needs the signal's path appended to the base URL.
    private static Uri? SignalPath(Uri? baseUrl, string path, OtlpProtocol protocol) =>
        baseUrl is null || protocol == OtlpProtocol.Grpc
            ? baseUrl
            : new Uri(baseUrl.AbsoluteUri.TrimEnd('/') + "/" + path);

    private static Uri? ParseUrl(string? value, string source)
    {
        if (value is null)
            return null;
        if (!Uri.TryCreate(value, UriKind.Absolute, out var url))
            throw new ArgumentException($"{source}: '{value}' is not an absolute URL (e.g. http://localhost:4317).");
        RequireHttpUrl(url, source);
        return url;
    }

    private static void RequireHttpUrl(Uri url, string source)
    {
        if (url.Scheme is not ("http" or "https"))
            throw new ArgumentException($"{source}: '{url}' must be an http:// or https:// URL.");
    }
}
