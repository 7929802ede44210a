using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Deploy.Recipes.Benchmarks;

/// <summary>nginx (Debian's package) as the reference reverse proxy in front of the same slot, with upstream keep-alive.</summary>
internal sealed class ReferenceProxy : IDisposable
{
    private readonly Process _nginx;

    public ReferenceProxy(int upstreamPort, string scratch)
    {
        Port = FreePort();
        var prefix = Directory.CreateDirectory(Path.Combine(scratch, "nginx")).FullName;
        var config = Path.Combine(prefix, "nginx.conf");
        File.WriteAllText(config, $$"""
            worker_processes 1;
            daemon off;
            pid {{prefix}}/nginx.pid;
            error_log {{prefix}}/error.log warn;
            events { worker_connections 1024; }
            http {
              access_log off;
              client_body_temp_path {{prefix}}/body;
              proxy_temp_path {{prefix}}/proxy;
              fastcgi_temp_path {{prefix}}/fastcgi;
              uwsgi_temp_path {{prefix}}/uwsgi;
              scgi_temp_path {{prefix}}/scgi;
              upstream slot { server 127.0.0.1:{{upstreamPort}}; keepalive 64; }
              server {
                listen 127.0.0.1:{{Port}};
                location / { proxy_pass http://slot; proxy_http_version 1.1; proxy_set_header Connection ""; }
              }
            }
            """);
        _nginx = Process.Start(new ProcessStartInfo("nginx", ["-p", prefix, "-c", config]) { RedirectStandardError = true })
                 ?? throw new InvalidOperationException("nginx did not start; install it with apt-get install nginx-light");
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!Listening(Port))
        {
            if (_nginx.HasExited || DateTime.UtcNow > deadline)
                throw new InvalidOperationException("nginx did not come up: " + File.ReadAllText(Path.Combine(prefix, "error.log")));
            Thread.Sleep(50);
        }
    }

    public int Port { get; }

    public void Dispose()
    {
        _nginx.Kill(entireProcessTree: true);
        _nginx.WaitForExit();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool Listening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
