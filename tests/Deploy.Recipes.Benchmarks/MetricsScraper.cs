using System.Net.Http.Headers;
using System.Text.Json;

namespace Deploy.Recipes.Benchmarks;

/// <summary>Scrapes an edge's <c>GET /metrics</c> every second with its admin token, as Prometheus would, until disposed.</summary>
internal sealed class MetricsScraper : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _scrapes;
    private int _failures;

    public MetricsScraper(string edgeFolder)
    {
        var token = File.ReadAllText(Path.Combine(edgeFolder, "edge.token")).Trim();
        using var endpoint = JsonDocument.Parse(File.ReadAllText(Path.Combine(edgeFolder, "edge.json")));
        var adminPort = endpoint.RootElement.GetProperty("adminPort").GetInt32();
        var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = new Uri($"http://127.0.0.1:{adminPort}/") };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        _loop = Task.Run(async () =>
        {
            using (client)
            {
                using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
                try
                {
                    while (await timer.WaitForNextTickAsync(_stop.Token))
                    {
                        try
                        {
                            using var response = await client.GetAsync("metrics", _stop.Token);
                            await response.Content.ReadAsStringAsync(_stop.Token);
                            Interlocked.Increment(ref response.IsSuccessStatusCode ? ref _scrapes : ref _failures);
                        }
                        catch (HttpRequestException)
                        {
                            Interlocked.Increment(ref _failures);
                        }
                    }
                }
                catch (OperationCanceledException)
                {
                    // Disposed.
                }
            }
        });
    }

    public int Scrapes => Volatile.Read(ref _scrapes);

    public int Failures => Volatile.Read(ref _failures);

    public void Dispose()
    {
        _stop.Cancel();
        _loop.Wait();
        _stop.Dispose();
    }
}
