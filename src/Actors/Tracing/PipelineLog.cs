using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ActorPipeline.Actors.Tracing;

/// <summary>
/// Where the actors' step logs go (the host points it at OpenTelemetry when telemetry is on). Steps are logged
/// on the worker thread while their span is Activity.Current, so each record carries its trace and span id.
/// </summary>
public static class PipelineLog
{
    private static ILoggerFactory _factory = NullLoggerFactory.Instance;

    public static ILogger Steps { get; private set; } = NullLogger.Instance;

    public static void Use(ILoggerFactory factory)
    {
        _factory = factory;
        Steps = _factory.CreateLogger("ActorPipeline.Steps");
    }
}
