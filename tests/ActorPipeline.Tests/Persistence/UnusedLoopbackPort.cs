using System.Net;
using System.Net.Sockets;

namespace ActorPipeline.Tests.Persistence;

/// <summary>A 127.0.0.1 port that nothing listens on (taken from the kernel, then released): connecting is refused.</summary>
internal static class UnusedLoopbackPort
{
    public static int Take()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
