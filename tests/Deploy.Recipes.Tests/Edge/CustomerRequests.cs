using System.Collections.Concurrent;
using Deploy.Recipes.Edge.Contract;

namespace Deploy.Recipes.Tests.Edge;

/// <summary>Customer GETs sent from several tasks at once, tallied by the slot that served them; anything but 200 is a failure.</summary>
internal sealed class CustomerRequests
{
    private readonly ConcurrentDictionary<string, int> _servedBy = new();
    private readonly ConcurrentQueue<string> _failures = new();
    private int _sent;

    public int Sent => Volatile.Read(ref _sent);

    public IReadOnlyList<string> Failures => _failures.ToList();

    public int ServedBy(string slot) => _servedBy.GetValueOrDefault(slot);

    /// <summary>Sends from <paramref name="workers"/> tasks until <paramref name="more"/> says stop (asked before each request).</summary>
    public static async Task<CustomerRequests> SendAsync(HttpClient client, int workers, Func<int, bool> more, string path = "version")
    {
        var tally = new CustomerRequests();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            while (more(Interlocked.Increment(ref tally._sent) - 1))
                await tally.SendOneAsync(client, path);
            Interlocked.Decrement(ref tally._sent); // the request that was not sent
        })));
        return tally;
    }

    private async Task SendOneAsync(HttpClient client, string path)
    {
        try
        {
            using var response = await client.GetAsync(path);
            await response.Content.ReadAsByteArrayAsync();
            if ((int)response.StatusCode != 200)
            {
                _failures.Enqueue($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                return;
            }

            var slot = response.Headers.TryGetValues(EdgeFiles.ServedByHeader, out var values) ? values.Single() : "(no header)";
            _servedBy.AddOrUpdate(slot, 1, (_, count) => count + 1);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            _failures.Enqueue(e.Message);
        }
    }
}
