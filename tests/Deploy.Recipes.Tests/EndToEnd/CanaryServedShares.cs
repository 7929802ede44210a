using Deploy.Recipes.Edge.Contract;

namespace Deploy.Recipes.Tests.EndToEnd;

/// <summary>
/// Customers sending GETs (or checkouts) from several connections and recording, for every response, when it came and
/// which slot served it (the edge's X-Deploy-Served-By header): the share a canary got over any window. No cookies are
/// kept, so every request is a new customer the edge splits by the weights (a kept rollout cookie would pin them all).
/// </summary>
internal sealed class CanaryServedShares : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _workers = [];
    private readonly HttpClient _http;
    private readonly List<(DateTimeOffset At, string Slot)> _served = [];
    private readonly List<string> _failures = [];

    private readonly Func<HttpClient, CancellationToken, Task<HttpResponseMessage>> _request;

    public CanaryServedShares(Uri url, int connections, Func<HttpClient, CancellationToken, Task<HttpResponseMessage>>? request = null)
    {
        _request = request ?? ((http, cancel) => http.GetAsync("", cancel));
        _http = new HttpClient(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = connections, UseCookies = false }) { BaseAddress = url, Timeout = TimeSpan.FromSeconds(10) };
        for (var i = 0; i < connections; i++)
            _workers.Add(Task.Run(WorkAsync));
    }

    public IReadOnlyList<string> Failures
    {
        get
        {
            lock (_failures)
                return _failures.ToList();
        }
    }

    public int Requests
    {
        get
        {
            lock (_served)
                return _served.Count + Failures.Count;
        }
    }

    /// <summary>Responses served from <paramref name="from"/> to <paramref name="to"/>, and how many of them <paramref name="slot"/> served.</summary>
    public (int All, int BySlot) Between(DateTimeOffset from, DateTimeOffset to, string slot)
    {
        lock (_served)
        {
            var window = _served.Where(s => s.At >= from && s.At < to).ToList();
            return (window.Count, window.Count(s => s.Slot == slot));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_workers);
        _http.Dispose();
    }

    private async Task WorkAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                using var response = await _request(_http, _stop.Token);
                var slot = response.Headers.TryGetValues(EdgeFiles.ServedByHeader, out var by) ? by.First() : "?";
                if (!response.IsSuccessStatusCode)
                    Fail($"{(int)response.StatusCode} from {slot}");
                else
                    lock (_served)
                        _served.Add((DateTimeOffset.UtcNow, slot));
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                Fail(e.Message);
            }
        }
    }

    private void Fail(string what)
    {
        lock (_failures)
            _failures.Add(what);
    }
}
