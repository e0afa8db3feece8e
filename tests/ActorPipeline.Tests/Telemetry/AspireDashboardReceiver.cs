using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using System.Text.Json;

namespace ActorPipeline.Tests.Telemetry;

/// <summary>
/// A real OTLP receiver for tests: the Aspire dashboard from the NuGet package Aspire.Dashboard.Sdk.linux-x64
/// (downloaded by the test project's PackageDownload), started as a child process with OTLP/gRPC, OTLP/HTTP and
/// its telemetry HTTP API on free 127.0.0.1 ports, all unsecured. Read back with GET /api/telemetry/traces/{id},
/// which answers OTLP/JSON ({"data":{"resourceSpans":[...]}, "totalCount", "returnedCount"}) or 404.
/// </summary>
internal sealed class AspireDashboardReceiver : IAsyncDisposable
{
    public const string PackageId = "aspire.dashboard.sdk.linux-x64";
    public const string PackageVersion = "13.6.5";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly Process process;
    private readonly OutputTail output = new(200);
    private readonly HttpClient http;

    private AspireDashboardReceiver(Process process, int apiPort, int grpcPort, int httpPort)
    {
        this.process = process;
        ApiUrl = new Uri($"http://127.0.0.1:{apiPort}");
        OtlpGrpcUrl = new Uri($"http://127.0.0.1:{grpcPort}");
        OtlpHttpUrl = new Uri($"http://127.0.0.1:{httpPort}");
        http = new HttpClient { BaseAddress = ApiUrl, Timeout = TimeSpan.FromSeconds(10) };
    }

    /// <summary>The dashboard's frontend and telemetry API.</summary>
    public Uri ApiUrl { get; }

    /// <summary>Where to send OTLP over gRPC.</summary>
    public Uri OtlpGrpcUrl { get; }

    /// <summary>Base URL for OTLP over HTTP (the exporter appends /v1/traces etc.).</summary>
    public Uri OtlpHttpUrl { get; }

    /// <summary>The dashboard's stdout and stderr so far (the last lines), for failure messages.</summary>
    public string OutputTailText => output.Text;

    /// <summary>The dashboard executable inside the NuGet packages folder (the build's NuGetPackageRoot, then NUGET_PACKAGES, then ~/.nuget/packages).</summary>
    public static string LocateExecutable()
    {
        var roots = new[]
        {
            typeof(AspireDashboardReceiver).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .FirstOrDefault(a => a.Key == "NuGetPackageRoot")?.Value,
            Environment.GetEnvironmentVariable("NUGET_PACKAGES"),
            Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"),
        };
        var candidates = roots.Where(r => !string.IsNullOrWhiteSpace(r))
            .Select(r => Path.Combine(r!, PackageId, PackageVersion, "tools", "Aspire.Dashboard"))
            .ToList();
        return candidates.FirstOrDefault(File.Exists)
               ?? throw new FileNotFoundException(
                   $"Aspire dashboard not found; looked at: {string.Join(", ", candidates)}. Restore the test project (it downloads {PackageId} {PackageVersion}).");
    }

    public static async Task<AspireDashboardReceiver> StartAsync(CancellationToken cancellation = default)
    {
        var executable = LocateExecutable();
        // NuGet extraction may drop the execute bit on some setups.
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(executable) & UnixFileMode.UserExecute) == 0)
            File.SetUnixFileMode(executable, File.GetUnixFileMode(executable) | UnixFileMode.UserExecute);

        var (apiPort, grpcPort, httpPort) = (FreePort(), FreePort(), FreePort());
        var start = new ProcessStartInfo(executable)
        {
            WorkingDirectory = Path.GetDirectoryName(executable)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in DashboardEnvironment(apiPort, grpcPort, httpPort))
            start.Environment[name] = value;

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var receiver = new AspireDashboardReceiver(process, apiPort, grpcPort, httpPort);
        process.OutputDataReceived += (_, e) => receiver.output.Add(e.Data);
        process.ErrorDataReceived += (_, e) => receiver.output.Add(e.Data);
        if (!process.Start())
            throw new InvalidOperationException($"could not start {executable}");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            await receiver.WaitUntilReadyAsync(cancellation);
            return receiver;
        }
        catch
        {
            await receiver.DisposeAsync();
            throw;
        }
    }

    /// <summary>The environment the dashboard runs with: loopback-only endpoints, no auth, telemetry API on.</summary>
    public static IReadOnlyList<(string Name, string Value)> DashboardEnvironment(int apiPort, int grpcPort, int httpPort) =>
    [
        ("ASPNETCORE_URLS", $"http://127.0.0.1:{apiPort}"),
        ("ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL", $"http://127.0.0.1:{grpcPort}"),
        ("ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL", $"http://127.0.0.1:{httpPort}"),
        // Unsecured frontend, OTLP and API (it is bound to loopback and lives for one test class).
        ("ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS", "true"),
        ("DASHBOARD__FRONTEND__AUTHMODE", "Unsecured"),
        ("DASHBOARD__OTLP__AUTHMODE", "Unsecured"),
        ("DASHBOARD__API__AUTHMODE", "Unsecured"),
        ("DASHBOARD__API__ENABLED", "true"),
        ("DOTNET_CLI_TELEMETRY_OPTOUT", "1"),
        // Keep the dashboard's own OTLP settings out of it (the test process may have some).
        ("OTEL_EXPORTER_OTLP_ENDPOINT", ""),
        ("OTEL_SDK_DISABLED", "true"),
    ];

    /// <summary>The trace as OTLP/JSON, or null while the dashboard does not know it (404).</summary>
    public async Task<JsonDocument?> GetTraceAsync(string traceId, CancellationToken cancellation = default)
    {
        using var response = await http.GetAsync($"/api/telemetry/traces/{Uri.EscapeDataString(traceId)}", cancellation);
        if (response.StatusCode == HttpStatusCode.NotFound)
            return null;
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"GET /api/telemetry/traces/{traceId}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellation)}");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellation));
    }

    /// <summary>Every log record the dashboard holds, as OTLP/JSON ({"data":{"resourceLogs":[...]}}).</summary>
    public async Task<JsonDocument> GetLogsAsync(CancellationToken cancellation = default) =>
        JsonDocument.Parse(await http.GetStringAsync("/api/telemetry/logs", cancellation));

    /// <summary>The services (OTLP resources) the dashboard knows: [{"name", "hasLogs", "hasTraces", "hasMetrics", ...}].</summary>
    public async Task<JsonDocument> GetResourcesAsync(CancellationToken cancellation = default) =>
        JsonDocument.Parse(await http.GetStringAsync("/api/telemetry/resources", cancellation));

    /// <summary>Polls until log records matching <paramref name="match"/> arrive; fails with the dashboard's output after the timeout.</summary>
    public async Task<IReadOnlyList<ReceivedLog>> WaitForLogsAsync(Func<ReceivedLog, bool> match, TimeSpan timeout, CancellationToken cancellation = default)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            using (var logs = await GetLogsAsync(cancellation))
            {
                var found = ReceivedLog.From(logs).Where(match).ToList();
                if (found.Count > 0)
                    return found;
            }
            if (watch.Elapsed > timeout)
                throw new TimeoutException($"no matching log record after {timeout.TotalSeconds:F0} s.\nDashboard output:\n{OutputTailText}");
            await Task.Delay(200, cancellation);
        }
    }

    /// <summary>Polls until the service has reported metrics (the API lists no metric values, only that some arrived).</summary>
    public async Task WaitForMetricsAsync(string serviceName, TimeSpan timeout, CancellationToken cancellation = default)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            using (var resources = await GetResourcesAsync(cancellation))
            {
                if (resources.RootElement.EnumerateArray().Any(r =>
                        r.GetProperty("name").GetString() == serviceName && r.TryGetProperty("hasMetrics", out var has) && has.GetBoolean()))
                    return;
            }
            if (watch.Elapsed > timeout)
                throw new TimeoutException($"no metrics from {serviceName} after {timeout.TotalSeconds:F0} s.\nDashboard output:\n{OutputTailText}");
            await Task.Delay(200, cancellation);
        }
    }

    /// <summary>Every trace the dashboard holds, as OTLP/JSON.</summary>
    public async Task<JsonDocument> ListTracesAsync(CancellationToken cancellation = default) =>
        JsonDocument.Parse(await http.GetStringAsync("/api/telemetry/traces", cancellation));

    /// <summary>Polls until the trace holds at least <paramref name="minimumSpans"/> spans; fails with what arrived after the timeout.</summary>
    public async Task<IReadOnlyList<ReceivedSpan>> WaitForSpansAsync(string traceId, int minimumSpans, TimeSpan timeout, CancellationToken cancellation = default)
    {
        var watch = Stopwatch.StartNew();
        IReadOnlyList<ReceivedSpan> spans = [];
        while (true)
        {
            using (var trace = await GetTraceAsync(traceId, cancellation))
                spans = trace is null ? [] : ReceivedSpan.From(trace);
            if (spans.Count >= minimumSpans)
                return spans;
            if (watch.Elapsed > timeout)
                throw new TimeoutException(
                    $"trace {traceId}: {spans.Count} of {minimumSpans} spans after {timeout.TotalSeconds:F0} s ({string.Join(", ", spans.Select(s => s.Name))}).\nDashboard output:\n{OutputTailText}");
            await Task.Delay(200, cancellation);
        }
    }

    public async ValueTask DisposeAsync()
    {
        http.Dispose();
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            // Already gone, or never started.
        }
        process.Dispose();
    }

    private async Task WaitUntilReadyAsync(CancellationToken cancellation)
    {
        var watch = Stopwatch.StartNew();
        string lastError = "no answer yet";
        while (watch.Elapsed < StartTimeout)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"the Aspire dashboard exited with code {process.ExitCode} while starting.\nIts output:\n{OutputTailText}");
            try
            {
                using var response = await http.GetAsync("/api/telemetry/traces", cancellation);
                if (response.IsSuccessStatusCode)
                    return;
                lastError = $"{(int)response.StatusCode} {response.ReasonPhrase}: {await response.Content.ReadAsStringAsync(cancellation)}";
            }
            catch (HttpRequestException e)
            {
                lastError = e.Message;
            }
            await Task.Delay(200, cancellation);
        }
        throw new TimeoutException($"the Aspire dashboard did not answer GET {ApiUrl}api/telemetry/traces within {StartTimeout.TotalSeconds:F0} s (last: {lastError}).\nIts output:\n{OutputTailText}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The last lines a process wrote, thread-safe.</summary>
    private sealed class OutputTail(int capacity)
    {
        private readonly Queue<string> lines = new();

        public void Add(string? line)
        {
            if (line is null)
                return;
            lock (lines)
            {
                lines.Enqueue(line);
                while (lines.Count > capacity)
                    lines.Dequeue();
            }
        }

        public string Text
        {
            get
            {
                lock (lines)
                    return new StringBuilder().AppendJoin('\n', lines).ToString();
            }
        }
    }
}
