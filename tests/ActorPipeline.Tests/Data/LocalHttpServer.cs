using System.Net;
using System.Net.Sockets;

namespace ActorPipeline.Tests.Data;

/// <summary>A real HTTP server on 127.0.0.1 (HttpListener) that answers every GET with the given bytes.</summary>
internal sealed class LocalHttpServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly byte[] _body;
    private readonly Task _loop;

    public LocalHttpServer(byte[] body)
    {
        _body = body;
        Port = FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public Uri Uri(string path) => new($"http://127.0.0.1:{Port}/{path}");

    public int Requests;

    /// <summary>A port nothing listens on right now (the OS picks it; closed again at once).</summary>
    public static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
            Interlocked.Increment(ref Requests);
            context.Response.ContentType = "application/gzip";
            context.Response.ContentLength64 = _body.Length;
            // Several writes so the client sees several progress reports.
            for (int offset = 0; offset < _body.Length; offset += 64 * 1024)
                await context.Response.OutputStream.WriteAsync(_body.AsMemory(offset, Math.Min(64 * 1024, _body.Length - offset)));
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try { _loop.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
    }
}
