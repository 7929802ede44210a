using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Deploy.Recipes.Edge.Contract;

namespace Deploy.Recipes.Targets;

/// <summary>
/// Talks to a running edge: its admin API (bearer token) and, for operator checks, its public port with the operator
/// headers that route a request to one chosen slot before any customer reaches it.
/// </summary>
public sealed class EdgeClient : ITrafficEdge
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly HttpClient _admin;
    private readonly HttpClient _public;
    private readonly string _token;
    private readonly string _environment;
    private readonly Uri _adminAddress;

    /// <summary>Connects to the edge described by <paramref name="endpoint"/> on this machine (the local target).</summary>
    public EdgeClient(EdgeEndpoint endpoint, string token, TimeSpan? timeout = null)
        : this(endpoint, token, new Uri($"http://127.0.0.1:{endpoint.AdminPort}/"), new Uri($"http://127.0.0.1:{endpoint.PublicPort}/"),
            new Uri($"http://127.0.0.1:{endpoint.PublicPort}/"), timeout)
    {
    }

    /// <summary>
    /// Connects to an edge whose ports are reached at other addresses than the ones customers use: on an SSH host the
    /// admin port and the public port are reached through local port forwards, while customers use the host's address.
    /// </summary>
    /// <param name="endpoint">What the edge reported about itself.</param>
    /// <param name="token">The edge's admin token (opens the admin API and the operator route).</param>
    /// <param name="admin">Where this machine reaches the edge's admin API.</param>
    /// <param name="publicReach">Where this machine reaches the edge's public port (operator requests, customer GETs).</param>
    /// <param name="publicUrl">The URL customers use, shown in logs and Status.</param>
    /// <param name="timeout">A limit for every admin call; none by default (each call sets its own).</param>
    public EdgeClient(EdgeEndpoint endpoint, string token, Uri admin, Uri publicReach, Uri publicUrl, TimeSpan? timeout = null)
    {
        Endpoint = endpoint;
        PublicUrl = publicUrl;
        _token = token;
        _environment = endpoint.Environment;
        _adminAddress = admin;
        var handler = new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = TimeSpan.FromMinutes(1) };
        // Each admin call sets its own limit (stopping a slot may take its drain time plus the termination grace), so
        // the client itself must not cut calls short.
        _admin = new HttpClient(handler) { BaseAddress = admin, Timeout = timeout ?? Timeout.InfiniteTimeSpan };
        _admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        _public = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false }) { BaseAddress = publicReach, Timeout = TimeSpan.FromSeconds(10) };
    }

    /// <summary>Where the edge listens.</summary>
    public EdgeEndpoint Endpoint { get; }

    /// <summary>The URL customers use.</summary>
    public Uri PublicUrl { get; }

    /// <summary>The edge's state.</summary>
    public Task<EdgeState> StateAsync() => SendAsync<EdgeState>(HttpMethod.Get, "admin/state", null, TimeSpan.FromSeconds(5));

    /// <summary>Per-slot metrics: all requests, and customers' apart from operator requests (<see cref="SlotMetrics.Customers"/>).</summary>
    public Task<EdgeMetrics> MetricsAsync() => SendAsync<EdgeMetrics>(HttpMethod.Get, "admin/metrics", null, TimeSpan.FromSeconds(5));

    /// <summary>Starts a release's process in <paramref name="slot"/> (weight 0).</summary>
    public Task<SlotState> StartSlotAsync(string slot, StartSlot request) =>
        SendAsync<SlotState>(HttpMethod.Put, $"admin/slots/{slot}", request, TimeSpan.FromSeconds(15));

    /// <inheritdoc />
    public async Task<int> FreePortAsync() => (await SendAsync<FreeLoopbackPort>(HttpMethod.Get, "admin/free-port", null, TimeSpan.FromSeconds(5))).Port;

    /// <summary>Drains and stops the process of <paramref name="slot"/>.</summary>
    public Task<SlotState> StopSlotAsync(string slot, TimeSpan drain) =>
        SendAsync<SlotState>(HttpMethod.Delete, $"admin/slots/{slot}?drainSeconds={(int)Math.Ceiling(drain.TotalSeconds)}", null, drain + TimeSpan.FromSeconds(45));

    /// <inheritdoc />
    public async Task<string> SlotLogTailAsync(string slot, int lines)
    {
        try
        {
            // A backend's log is a command the edge runs (e.g. docker logs), allowed 10 s there.
            using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            using var response = await _admin.GetAsync($"admin/slots/{slot}/log?lines={lines}", cancel.Token);
            return response.IsSuccessStatusCode
                ? await response.Content.ReadAsStringAsync(cancel.Token)
                : $"  (the edge did not give the log: {(int)response.StatusCode} {response.ReasonPhrase})";
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            return $"  (the edge did not give the log: {e.Message})";
        }
    }

    /// <summary>Schedules (or with null cancels) a drain and stop of <paramref name="slot"/>.</summary>
    public Task<SlotState> StopAtAsync(string slot, DateTimeOffset? when, TimeSpan drain) =>
        SendAsync<SlotState>(HttpMethod.Put, $"admin/slots/{slot}/stop-at", new StopAt(when, (int)Math.Ceiling(drain.TotalSeconds)), TimeSpan.FromSeconds(5));

    /// <summary>Sets traffic weights atomically; <paramref name="canary"/> names the slot of a canary release, if one runs.</summary>
    public Task<EdgeState> SetTrafficAsync(IReadOnlyDictionary<string, int> weights, string? canary = null) =>
        SendAsync<EdgeState>(HttpMethod.Put, "admin/traffic", new Traffic(weights, canary), TimeSpan.FromSeconds(5));

    /// <summary>Turns maintenance mode on or off.</summary>
    public Task<EdgeState> SetMaintenanceAsync(Maintenance maintenance) =>
        SendAsync<EdgeState>(HttpMethod.Put, "admin/maintenance", maintenance, TimeSpan.FromSeconds(5));

    /// <summary>Asks the edge to stop its slots and exit.</summary>
    public Task ShutdownAsync() => SendAsync<JsonElement?>(HttpMethod.Post, "admin/shutdown", null, TimeSpan.FromSeconds(5));

    /// <summary>A GET through the public port that only <paramref name="slot"/> answers (operator route).</summary>
    public Task<HttpResponseMessage> OperatorGetAsync(string slot, string path) =>
        OperatorGetAsync(slot, path, System.Threading.Timeout.InfiniteTimeSpan, CancellationToken.None);

    /// <summary>
    /// A GET through the public port that only <paramref name="slot"/> answers (operator route), given up after
    /// <paramref name="timeout"/> or when <paramref name="cancel"/> fires (both throw <see cref="OperationCanceledException"/>).
    /// The edge counts operator requests apart from customers' (<see cref="SlotMetrics.OperatorRequests"/>).
    /// </summary>
    public async Task<HttpResponseMessage> OperatorGetAsync(string slot, string path, TimeSpan timeout, CancellationToken cancel)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path.TrimStart('/'));
        request.Headers.Add(EdgeFiles.OperatorHeader, _token);
        request.Headers.Add(EdgeFiles.SlotHeader, slot);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        limit.CancelAfter(timeout);
        return await _public.SendAsync(request, limit.Token);
    }

    /// <summary>A GET through the public port as a customer.</summary>
    public Task<HttpResponseMessage> CustomerGetAsync(string path) => _public.GetAsync(path.TrimStart('/'));

    /// <inheritdoc />
    public void Dispose()
    {
        _admin.Dispose();
        _public.Dispose();
    }

    private async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, TimeSpan timeout)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body != null)
            request.Content = JsonContent.Create(body, body.GetType(), options: Json);
        using var cancel = new CancellationTokenSource(timeout);
        HttpResponseMessage response;
        try
        {
            response = await _admin.SendAsync(request, cancel.Token);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or OperationCanceledException)
        {
            throw new EdgeUnavailableException(
                $"The edge of '{_environment}' (PID {Endpoint.Pid}, admin API {_adminAddress}) did not answer {method} /{path.Split('?')[0]} within {timeout.TotalSeconds:0} s ({e.Message}). " +
                "Nothing further was changed. Its log is .deploy/<environment>/edge/edge.log; --target=Down stops it.", e);
        }

        using (response)
        {
            if (response.StatusCode == HttpStatusCode.Accepted && typeof(T) == typeof(JsonElement?))
                return default!;
            if (!response.IsSuccessStatusCode)
            {
                var error = await ReadError(response);
                throw new InvalidOperationException($"The edge refused {method} /{path.Split('?')[0]}: {error}");
            }

            return (await response.Content.ReadFromJsonAsync<T>(Json, cancel.Token))!;
        }
    }

    private static async Task<string> ReadError(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        try
        {
            return JsonSerializer.Deserialize<ApiError>(text, Json)?.Message ?? $"{(int)response.StatusCode} {response.ReasonPhrase}";
        }
        catch (JsonException)
        {
            return $"{(int)response.StatusCode} {response.ReasonPhrase}";
        }
    }
}
