using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Deploy.Recipes.Tests.Support;

namespace Deploy.Recipes.Tests.Audit;

/// <summary>
/// A loopback HTTP server that answers every request 200 "ok" and records it whole (request line, headers, body):
/// the receiving end of the notification channels, so a test can search everything they were sent.
/// </summary>
internal sealed class RecordingReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _serving;

    public RecordingReceiver()
    {
        Port = FreePort.Next();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public string Url(string path) => $"http://127.0.0.1:{Port}/{path.TrimStart('/')}";

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            _serving.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using (var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8))
            {
                var headers = string.Join("\n", context.Request.Headers.AllKeys.Select(k => $"{k}: {context.Request.Headers[k]}"));
                Requests.Enqueue(new RecordedRequest(context.Request.HttpMethod, context.Request.RawUrl ?? "", headers, await reader.ReadToEndAsync()));
            }

            var answer = "ok"u8.ToArray();
            context.Response.StatusCode = 200;
            context.Response.ContentType = "text/plain";
            await context.Response.OutputStream.WriteAsync(answer);
            context.Response.Close();
        }
    }
}

/// <summary>One request a <see cref="RecordingReceiver"/> got.</summary>
internal sealed record RecordedRequest(string Method, string Path, string Headers, string Body);
