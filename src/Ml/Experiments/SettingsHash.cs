using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace ActorPipeline.Ml.Experiments;

/// <summary>
/// Names a run by the hash of its settings (as open_lth does): the same settings always map to the
/// same folder, so rerunning a command finds, and skips or resumes, what it already did.
/// </summary>
public static class SettingsHash
{
    private static readonly JsonSerializerOptions Canonical = new() { WriteIndented = false };

    /// <summary>First 12 hex digits of SHA-256 over the settings' JSON (property order as declared).</summary>
    public static string Of<T>(T settings)
    {
        var json = JsonSerializer.Serialize(settings, Canonical);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)))[..12];
    }
}
