using System.Net;
using System.Net.Http.Headers;

namespace Deploy.Recipes.Notifications;

/// <summary>
/// Posts a channel's JSON body and judges the answer: 2xx is delivered; 408, 429 and 5xx can be retried (with the
/// receiver's Retry-After, when it gives one); any other answer is refused for good, quoting the receiver's error text
/// (never the URL, which is a secret). One HTTP client serves every channel of the run.
/// </summary>
public static class JsonPost
{
    private static readonly HttpClient Client = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
    {
        // The notify timeout bounds each event through the cancellation token.
        Timeout = Timeout.InfiniteTimeSpan,
    };

    /// <summary>Posts <paramref name="body"/> to <paramref name="url"/> with <paramref name="headers"/>; throws <see cref="ChannelRefusedException"/> unless it is accepted.</summary>
    public static async Task SendAsync(Uri url, byte[] body, IEnumerable<KeyValuePair<string, string>> headers, CancellationToken cancel)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.UserAgent.ParseAdd("Deploy.Recipes");
        foreach (var (name, value) in headers)
            request.Headers.TryAddWithoutValidation(name, value);
        using var response = await Client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancel);
        var text = await response.Content.ReadAsStringAsync(cancel);
        Judge(response.StatusCode, text, response.Headers.RetryAfter);
    }

    /// <summary>Throws <see cref="ChannelRefusedException"/> for an answer that is not a success.</summary>
    public static void Judge(HttpStatusCode status, string body, RetryConditionHeaderValue? retryAfter)
    {
        var code = (int)status;
        if (code is >= 200 and < 300)
            return;
        var said = body.Trim() is { Length: > 0 } text ? $": {(text.Length > 200 ? text[..200] + "…" : text)}" : "";
        var wait = retryAfter?.Delta ?? (retryAfter?.Date is { } date ? date - DateTimeOffset.UtcNow : null);
        var retryable = code is 408 or 429 or >= 500;
        throw new ChannelRefusedException($"the receiver answered {code} {status}{said}", retryable, wait is { } w && w > TimeSpan.Zero ? w : null);
    }
}
