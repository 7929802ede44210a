using System.Net;
using System.Text;
using System.Text.Json;

namespace Deploy.Recipes.Tests.Support;

/// <summary>One request a loopback receiver got, as it got it.</summary>
internal sealed record ReceivedRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, byte[] Body, DateTimeOffset ReceivedUtc)
{
    public string Text => Encoding.UTF8.GetString(Body);

    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public string? Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var value) ? value : null;
}

/// <summary>What a receiver answers: a status, a body and its content type, extra headers.</summary>
internal sealed record ReceiverAnswer(int Status, string Body = "", string ContentType = "text/plain; charset=utf-8", IReadOnlyDictionary<string, string>? Headers = null);

/// <summary>How a receiver behaves: as its API documents, failing every request with 500, or never answering.</summary>
internal enum ReceiverMode
{
    Documented,
    Fails,
    Hangs,
}

/// <summary>
/// An HTTP server on a free loopback port that records every request and answers through <c>answer</c> (the API's
/// documented behaviour), or with 500, or not at all (<see cref="Mode"/>). Started once per fixture; disposing stops
/// it and lets hung requests go.
/// </summary>
internal class LoopbackReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly List<ReceivedRequest> _requests = [];
    private readonly CancellationTokenSource _stop = new();
    public LoopbackReceiver(Func<ReceivedRequest, ReceiverAnswer> answer)
    {
        Handler = answer;
        Port = FreePort.Next();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _ = Task.Run(AcceptAsync);
    }

    public int Port { get; }

    public Uri Url => new($"http://127.0.0.1:{Port}/");

    public ReceiverMode Mode { get; set; } = ReceiverMode.Documented;

    /// <summary>The documented answer to a request (a subclass may set it once its own state exists).</summary>
    protected Func<ReceivedRequest, ReceiverAnswer> Handler { get; set; }

    public IReadOnlyList<ReceivedRequest> Requests
    {
        get
        {
            lock (_requests)
                return _requests.ToList();
        }
    }

    public void Clear()
    {
        lock (_requests)
            _requests.Clear();
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Close();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (HttpListenerException)
            {
                return;
            }

            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        try
        {
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            var headers = context.Request.Headers.AllKeys.OfType<string>()
                .ToDictionary(k => k.ToLowerInvariant(), k => context.Request.Headers[k] ?? "", StringComparer.Ordinal);
            var request = new ReceivedRequest(context.Request.HttpMethod, context.Request.Url!.AbsolutePath, context.Request.Url.Query, headers, body.ToArray(), DateTimeOffset.UtcNow);
            lock (_requests)
                _requests.Add(request);

            var answer = Mode switch
            {
                ReceiverMode.Fails => new ReceiverAnswer(500, "internal error"),
                ReceiverMode.Hangs => await HangAsync(),
                _ => Handler(request),
            };
            context.Response.StatusCode = answer.Status;
            foreach (var (name, value) in answer.Headers ?? new Dictionary<string, string>())
                context.Response.Headers[name] = value;
            var bytes = Encoding.UTF8.GetBytes(answer.Body);
            if (bytes.Length > 0)
                context.Response.ContentType = answer.ContentType;
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
        catch (Exception)
        {
            // The client went away (a timeout) or the receiver stopped: nothing to answer.
            try
            {
                context.Response.Abort();
            }
            catch (Exception)
            {
            }
        }
    }

    private async Task<ReceiverAnswer> HangAsync()
    {
        await Task.Delay(Timeout.Infinite, _stop.Token);
        throw new OperationCanceledException();
    }
}
