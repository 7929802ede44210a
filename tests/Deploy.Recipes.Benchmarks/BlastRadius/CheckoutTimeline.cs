using System.Diagnostics;
using System.Text;

namespace Deploy.Recipes.Benchmarks.BlastRadius;

/// <summary>
/// Customers checking out (POST /api/checkout) at a steady rate, with every failure's time written down: how many
/// checkouts failed, and the span from the first failed checkout to the last (after which every customer was back on a
/// release that works). Customers arrive on their own (an open loop): a release whose checkouts hang for 500 ms does not
/// slow the next customer's arrival, as it would with a fixed set of connections each waiting for its last answer,
/// which hides most of a bad release's victims (coordinated omission). No cookies are sent, so a canary's share is the
/// edge's random split.
/// </summary>
internal sealed class CheckoutTimeline : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _workers = [];
    private readonly HttpClient _http;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<TimeSpan> _failedAt = [];
    private long _requests;

    /// <summary>Starts <paramref name="perSecond"/> checkouts a second against <paramref name="url"/>.</summary>
    public CheckoutTimeline(Uri url, int perSecond)
    {
        _http = new HttpClient(new SocketsHttpHandler { UseProxy = false, UseCookies = false }) { BaseAddress = url, Timeout = TimeSpan.FromSeconds(10) };
        _workers.Add(Task.Run(() => ArriveAsync(TimeSpan.FromSeconds(1.0 / perSecond))));
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

    private async Task ArriveAsync(TimeSpan every)
    {
        var arrivals = new List<Task>();
        var next = _clock.Elapsed;
        while (!_stop.IsCancellationRequested)
        {
            arrivals.Add(CheckOutAsync());
            next += every;
            var wait = next - _clock.Elapsed;
            if (wait > TimeSpan.Zero)
                await Task.Delay(wait).ConfigureAwait(false);
        }

        await Task.WhenAll(arrivals);
    }

    private async Task CheckOutAsync()
    {
        bool failed;
        try
        {
            using var response = await _http.PostAsync("api/checkout", new StringContent("""{"productId":1,"quantity":1}""", Encoding.UTF8, "application/json"));
            failed = !response.IsSuccessStatusCode;
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
