using System.Text.RegularExpressions;
using Akka.Actor;
using Akka.Event;

namespace ActorPipeline.Host.Cluster.Tls;

/// <summary>
/// Turns Akka.Remote's warning about a rejected TLS handshake (written to the log only) into a refusal line on the
/// terminal (<see cref="TlsRefusals.HandshakeFailed"/>): a peer that sends no certificate, or clear text, never reaches the
/// certificate check. Matches the warning of Akka.Remote 1.5.74's TcpServerHandler; ClusterTlsTests fail if it changes.
/// </summary>
public sealed partial class TlsHandshakeWatch : ReceiveActor
{
    public TlsHandshakeWatch(TlsRefusals refusals)
    {
        Receive<Warning>(warning =>
        {
            if (warning.LogSource.StartsWith("TcpServerHandler", StringComparison.Ordinal)
                && RejectedConnection().Match(warning.Message?.ToString() ?? "") is { Success: true } match)
                refusals.HandshakeFailed(match.Groups["peer"].Value);
        });
    }

    public static Props Props(TlsRefusals refusals) => Akka.Actor.Props.Create(() => new TlsHandshakeWatch(refusals));

    protected override void PreStart() => Context.System.EventStream.Subscribe(Self, typeof(Warning));

    [GeneratedRegex(@"Rejected incoming connection from \[(?<peer>.+)\] due to TLS handshake failure")]
    private static partial Regex RejectedConnection();
}
