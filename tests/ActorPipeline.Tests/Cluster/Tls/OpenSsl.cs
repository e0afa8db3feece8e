using System.Diagnostics;
using System.Text.RegularExpressions;

namespace ActorPipeline.Tests.Cluster.Tls;

/// <summary>`openssl s_client` against a node's port, as an outside witness that the link is TLS (not our code checking itself).</summary>
internal static partial class OpenSsl
{
    /// <returns>"TLSv1.2, ECDHE-…" as negotiated with the node certificate of <paramref name="tlsFolder"/>; null when openssl is not installed.</returns>
    public static async Task<string?> Handshake(int port, string tlsFolder)
    {
        var start = new ProcessStartInfo("openssl") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "s_client", "-connect", $"127.0.0.1:{port}", "-CAfile", Path.Combine(tlsFolder, "ca.crt"),
                     "-cert", Path.Combine(tlsFolder, "node.crt"), "-key", Path.Combine(tlsFolder, "node.key"), "-verify_return_error" })
            start.ArgumentList.Add(argument);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
        using (process)
        {
            process.StandardInput.Close();
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await process.WaitForExitAsync(timeout.Token);
            string text = await output + await error;
            var negotiated = Negotiated().Match(text);
            Assert.True(negotiated.Success, $"openssl s_client negotiated no TLS session:\n{text}");
            Assert.Contains("Verify return code: 0 (ok)", text); // the node's certificate chains to the cluster CA
            return $"{negotiated.Groups["protocol"].Value}, {negotiated.Groups["cipher"].Value}";
        }
    }

    [GeneratedRegex(@"New, (?<protocol>TLSv[\d.]+), Cipher is (?<cipher>\S+)")]
    private static partial Regex Negotiated();
}
