using System.Diagnostics;
using System.Text;

namespace Deploy.Recipes.Benchmarks.BlastRadius;

/// <summary>
/// Customers checking out (POST /api/checkout) from several connections, with every failure's time written down: how
/// many checkouts failed, and the span from the first failed checkout to the last (after which every customer was
/// back on a release that works). No cookies are sent, so a canary's share is the edge's random split.
/// </summary>
internal sealed class CheckoutTimeline : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _workers = [];
    private readonly HttpClient _http;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<TimeSpan> _failedAt = [];
    private long _requests;

    public CheckoutTimeline(Uri url, int connections)
    {
        _http = new HttpClient(new SocketsHttpHandler { UseProxy = false, UseCookies = false, MaxConnectionsPerServer = connections }) { BaseAddress = url, Timeout = TimeSpan.FromSeconds(10) };
        for (var i = 0; i < connections; i++)
            _workers.Add(Task.Run(WorkAsync));
    }

    public long Requests => Interlocked.Read(ref _requests);

    public int Failed
    {
        get
        {
            lock (_failedAt)
                return _failedAt.Count;
        }
    }

    /// <summary>From the first failed checkout to the last; null when none failed.</summary>
    public TimeSpan? FailingFor
    {
        get
        {
            lock (_failedAt)
                return _failedAt.Count == 0 ? null : _failedAt.Max() - _failedAt.Min();
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
            bool failed;
            try
            {
                using var response = await _http.PostAsync("api/checkout", new StringContent("""{"productId":1,"quantity":1}""", Encoding.UTF8, "application/json"), _stop.Token);
                failed = !response.IsSuccessStatusCode;
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception)
            {
                failed = true;
            }

            Interlocked.Increment(ref _requests);
            if (failed)
                lock (_failedAt)
                    _failedAt.Add(_clock.Elapsed);
        }
    }
}
