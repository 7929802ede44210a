namespace Deploy.Recipes.Tests.Support;

/// <summary>Customers hitting the public port from several connections until stopped; counts what failed.</summary>
internal sealed class CustomerLoad : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _workers = [];
    private readonly HttpClient _http;
    private long _requests;
    private long _failures;
    private readonly List<string> _samples = [];

    public CustomerLoad(Uri url, int connections, Func<HttpClient, Task<HttpResponseMessage>> request)
    {
        _http = new HttpClient(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = connections }) { BaseAddress = url, Timeout = TimeSpan.FromSeconds(10) };
        for (var i = 0; i < connections; i++)
            _workers.Add(Task.Run(() => Work(request)));
    }

    public long Requests => Interlocked.Read(ref _requests);

    public long Failures => Interlocked.Read(ref _failures);

    public IReadOnlyList<string> FailureSamples
    {
        get
        {
            lock (_samples)
                return _samples.ToList();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_workers);
        _http.Dispose();
    }

    private async Task Work(Func<HttpClient, Task<HttpResponseMessage>> request)
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                using var response = await request(_http);
                Interlocked.Increment(ref _requests);
                if (!response.IsSuccessStatusCode)
                    Fail($"{(int)response.StatusCode} from {(response.Headers.TryGetValues("X-Deploy-Served-By", out var by) ? by.First() : "?")}");
            }
            catch (HttpRequestException e)
            {
                Interlocked.Increment(ref _requests);
                Fail(e.Message);
            }
            catch (TaskCanceledException) when (!_stop.IsCancellationRequested)
            {
                Interlocked.Increment(ref _requests);
                Fail("timeout");
            }
            catch (TaskCanceledException)
            {
            }
        }
    }

    private void Fail(string what)
    {
        Interlocked.Increment(ref _failures);
        lock (_samples)
        {
            if (_samples.Count < 10)
                _samples.Add(what);
        }
    }
}
