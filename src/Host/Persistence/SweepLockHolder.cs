using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ActorPipeline.Host.Persistence;

/// <summary>
/// Who holds a sweep's lock: host name, process id and since when (UTC). Written next to the SQLite lock file as JSON,
/// or carried as the PostgreSQL lock session's application name, so that a refused process can name the holder.
/// </summary>
public sealed partial record SweepLockHolder(string Host, int Pid, DateTimeOffset Since)
{
    private const string ApplicationNamePrefix = "actorpipeline host ";
    private const int ApplicationNameLimit = 63; // PostgreSQL keeps NAMEDATALEN - 1 bytes of it

    public static SweepLockHolder Current() =>
        new(Environment.MachineName, Environment.ProcessId, DateTimeOffset.UtcNow.ToUniversalTime());

    public string SinceUtc => Since.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    /// <summary>"host ab12 pid 4711 since 2026-12-01T14:02:11Z".</summary>
    public string Describe() => $"host {Host} pid {Pid} since {SinceUtc}";

    /// <summary>"actorpipeline host ab12 pid 4711 since 2026-12-01T14:02:11Z", the host name shortened to fit 63 bytes.</summary>
    public string ToApplicationName()
    {
        string rest = $" pid {Pid} since {SinceUtc}";
        int room = ApplicationNameLimit - ApplicationNamePrefix.Length - rest.Length;
        string host = new(Host.Where(c => c is > ' ' and < (char)127).Take(Math.Max(1, room)).ToArray());
        return ApplicationNamePrefix + host + rest;
    }

    public static SweepLockHolder? FromApplicationName(string? applicationName)
    {
        var match = ApplicationNamePattern().Match(applicationName ?? "");
        return match.Success && DateTimeOffset.TryParse(match.Groups["since"].Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var since)
            ? new SweepLockHolder(match.Groups["host"].Value, int.Parse(match.Groups["pid"].Value, CultureInfo.InvariantCulture), since.ToUniversalTime())
            : null;
    }

    public string ToJson() => JsonSerializer.Serialize(this);

    public static SweepLockHolder? FromJson(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<SweepLockHolder>(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"^actorpipeline host (?<host>\S+) pid (?<pid>\d+) since (?<since>\S+)$")]
    private static partial Regex ApplicationNamePattern();
}
