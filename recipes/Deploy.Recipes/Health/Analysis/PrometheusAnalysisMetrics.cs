using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;

namespace Deploy.Recipes.Health.Analysis;

/// <summary>
/// The <c>prometheus</c> analysis provider: instant queries (<c>GET /api/v1/query</c>, all of one measurement at the
/// same evaluation time) against a Prometheus server that scrapes the edges' <c>/metrics</c>
/// (<see cref="PrometheusQueries"/>). A window's range is the time since it began rounded up to whole seconds, and at
/// least two of the longest scrape interval Prometheus reports (so <c>increase()</c> always has two samples to work
/// with; a shorter window then also counts what the slots served just before it began). The server's URL is a
/// secret: no message ever quotes it, so failures are described by kind (connection refused, status 503, the
/// query's error).
/// </summary>
public sealed class PrometheusAnalysisMetrics : IAnalysisMetrics
{
    /// <summary>The scrape interval assumed when Prometheus reports no target (Prometheus's own default).</summary>
    public static readonly TimeSpan DefaultScrapeInterval = TimeSpan.FromSeconds(15);

    private readonly HttpClient _http;
    private readonly string _base;
    private readonly string _environment;
    private readonly PrometheusQueries _queries;

    /// <summary>A provider asking the server at <paramref name="server"/> about <paramref name="environment"/>'s edges.</summary>
    public PrometheusAnalysisMetrics(Uri server, string environment, PrometheusQueries queries, TimeSpan? timeout = null)
    {
        _http = new HttpClient { Timeout = timeout ?? TimeSpan.FromSeconds(10) };
        if (server.UserInfo.Length > 0)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
                "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.UnescapeDataString(server.UserInfo))));
        }

        _base = server.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped).TrimEnd('/');
        _environment = environment;
        _queries = queries;
    }

    /// <inheritdoc />
    public string Name => "prometheus";

    /// <inheritdoc />
    public TimeSpan? SampleEvery => null;

    /// <inheritdoc />
    public async Task<IAnalysisWindow> BeginAsync(IReadOnlyList<AnalysisHost> hosts, CancellationToken cancel)
    {
        var sides = Sides.Of(hosts);
        var scrape = PrometheusAnswer.LongestScrapeInterval(await GetAsync("/api/v1/targets?state=active", "targets", cancel)) ?? DefaultScrapeInterval;
        return new Window(this, sides, DateTimeOffset.UtcNow, scrape);
    }

    /// <inheritdoc />
    public async Task<SideMeasurement> LookBackAsync(IReadOnlyList<AnalysisHost> hosts, TimeSpan length, CancellationToken cancel)
    {
        var sides = Sides.Of(hosts);
        return await MeasureAsync(sides.Stable, "stable", WindowLength(length, TimeSpan.Zero), DateTimeOffset.UtcNow, cancel);
    }

    /// <summary>The range a window of <paramref name="elapsed"/> is queried over: whole seconds, at least two scrapes.</summary>
    public static TimeSpan WindowLength(TimeSpan elapsed, TimeSpan scrapeInterval)
    {
        var seconds = Math.Max(Math.Ceiling(elapsed.TotalSeconds), Math.Ceiling(2 * scrapeInterval.TotalSeconds));
        return TimeSpan.FromSeconds(Math.Max(1, seconds));
    }

    private async Task<SideMeasurement> MeasureAsync(IReadOnlyCollection<string> slots, string role, TimeSpan length, DateTimeOffset at, CancellationToken cancel)
    {
        if (slots.Count == 0)
            return SideMeasurement.None;
        var answers = await Task.WhenAll(PrometheusQueries.Metrics.Select(metric =>
            QueryAsync(metric, _queries.For(metric, _environment, slots, role, length), at, cancel)));
        var values = PrometheusQueries.Metrics.Zip(answers).ToDictionary(pair => pair.First, pair => pair.Second);
        return new SideMeasurement(
            Count(values["requests"]), Count(values["errors"]), Seconds(values["p95"]), Seconds(values["p99"]),
            Seconds(values["oldest-in-flight"]) ?? TimeSpan.Zero);
    }

    private async Task<double?> QueryAsync(string metric, string query, DateTimeOffset at, CancellationToken cancel)
    {
        var time = (at.ToUnixTimeMilliseconds() / 1000.0).ToString("0.###", CultureInfo.InvariantCulture);
        var json = await GetAsync($"/api/v1/query?query={Uri.EscapeDataString(query)}&time={time}", metric, cancel);
        return PrometheusAnswer.Number(json, metric);
    }

    private async Task<string> GetAsync(string pathAndQuery, string what, CancellationToken cancel)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.GetAsync(_base + pathAndQuery, cancel);
        }
        catch (HttpRequestException e)
        {
            throw new AnalysisMetricsUnavailableException($"Prometheus could not be reached for the {what} query ({Why(e)})");
        }
        catch (TaskCanceledException) when (!cancel.IsCancellationRequested)
        {
            throw new AnalysisMetricsUnavailableException($"Prometheus did not answer the {what} query within {_http.Timeout.TotalSeconds:0.#} s");
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancel);
            // Prometheus answers a bad query with 400 and a JSON error worth quoting; anything else is the server's state.
            if (!response.IsSuccessStatusCode && response.StatusCode != HttpStatusCode.BadRequest && response.StatusCode != HttpStatusCode.UnprocessableEntity)
                throw new AnalysisMetricsUnavailableException($"Prometheus answered {(int)response.StatusCode} {response.ReasonPhrase} to the {what} query");
            return body;
        }
    }

    // The kind of failure, never its message: that names the server's address, which is part of a secret.
    private static string Why(HttpRequestException e) =>
        e.InnerException is SocketException socket ? socket.SocketErrorCode switch
        {
            SocketError.ConnectionRefused => "connection refused",
            SocketError.HostNotFound or SocketError.NoData => "host not found",
            SocketError.TimedOut => "connection timed out",
            var other => $"socket error {other}",
        } : e.HttpRequestError.ToString();

    private static long Count(double? value) => value is { } v ? (long)Math.Round(v) : 0;

    private static TimeSpan? Seconds(double? value) => value is { } v && !double.IsInfinity(v) ? TimeSpan.FromSeconds(v) : null;

    private sealed record Sides(IReadOnlyCollection<string> Stable, IReadOnlyCollection<string> Canary)
    {
        // The edge labels series by slot, not by host: both sides must use different slots on every host.
        public static Sides Of(IReadOnlyList<AnalysisHost> hosts)
        {
            var stable = hosts.Select(h => h.StableSlot).Distinct().ToList();
            var canary = hosts.Select(h => h.CanarySlot).OfType<string>().Distinct().ToList();
            if (stable.Intersect(canary).FirstOrDefault() is { } both)
                throw new AnalysisMetricsUnavailableException(
                    $"slot {both} is the stable slot on some hosts and the canary slot on others, so Prometheus's per-slot series cannot tell the sides apart; use analysis-provider=edge");
            return new Sides(stable, canary);
        }
    }

    private sealed class Window(PrometheusAnalysisMetrics provider, Sides sides, DateTimeOffset startedUtc, TimeSpan scrapeInterval) : IAnalysisWindow
    {
        public async Task<WindowMeasurement> MeasureAsync(CancellationToken cancel)
        {
            var now = DateTimeOffset.UtcNow;
            var length = WindowLength(now - startedUtc, scrapeInterval);
            var stable = provider.MeasureAsync(sides.Stable, "stable", length, now, cancel);
            var canary = provider.MeasureAsync(sides.Canary, "canary", length, now, cancel);
            return new WindowMeasurement(await stable, await canary, now - startedUtc, "prometheus");
        }
    }
}
