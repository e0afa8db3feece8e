using System.Net;
using System.Net.Sockets;

namespace ActorPipeline.Tests.Persistence;

/// <summary>
/// A TCP server on 127.0.0.1 that accepts connections and never answers: a server that is "there" but hangs, to
/// provoke a client's timeout without sending anything off the machine. Closes everything on Dispose.
/// </summary>
internal sealed class SilentTcpServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<TcpClient> _accepted = [];
    private readonly CancellationTokenSource _stop = new();

    public SilentTcpServer()
    {
        _listener.Start();
        _ = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    private async Task AcceptAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                lock (_accepted) _accepted.Add(client);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        lock (_accepted) _accepted.ForEach(c => c.Dispose());
        _stop.Dispose();
    }
}
