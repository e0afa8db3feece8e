using System.Security.Cryptography.X509Certificates;

namespace ActorPipeline.Host.Cluster.Tls;

/// <summary>Whether a peer's certificate was issued by this cluster's CA (and is in its validity period): the one rule of admission.</summary>
public static class TlsPeerCheck
{
    /// <returns>null when the certificate is the cluster's; else why not, in words a user can act on.</returns>
    public static string? Check(X509Certificate2 certificate, X509Certificate2 authority)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        // A private cluster CA publishes no revocation lists; a lost node key is answered by a new CA (`tls init`).
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        bool built = chain.Build(certificate);
        var root = chain.ChainElements.Count > 0 ? chain.ChainElements[^1].Certificate : null;
        if (built && root is not null && root.Thumbprint == authority.Thumbprint) return null;

        var now = DateTime.Now;
        if (certificate.NotAfter < now) return $"its certificate ({certificate.Subject}) expired on {certificate.NotAfter.ToUniversalTime():yyyy-MM-dd}";
        if (certificate.NotBefore > now) return $"its certificate ({certificate.Subject}) is not valid before {certificate.NotBefore.ToUniversalTime():yyyy-MM-dd HH:mm} UTC";
        string status = string.Join(", ", chain.ChainStatus.Select(s => s.Status.ToString()).Distinct());
        // Two clusters made with the default name have CAs of the same name: then only the key tells them apart.
        string other = certificate.Issuer == authority.Subject ? $"another CA of the same name ({certificate.Issuer})" : $"{certificate.Issuer}";
        return $"its certificate ({certificate.Subject}) was issued by {other}, not by this cluster's CA (SHA-256 {ClusterCertificates.Fingerprint(authority)[..23]}…){(status.Length > 0 ? $" [{status}]" : "")}";
    }
}
