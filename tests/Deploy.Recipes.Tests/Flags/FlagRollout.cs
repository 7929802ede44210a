using Deploy.Recipes.Tests.Support;

namespace Deploy.Recipes.Tests.Flags;

/// <summary>Asks the shop's Recommendations endpoint as given users, through the environment's public port.</summary>
internal static class FlagRollout
{
    public const string Flag = "Recommendations";
    public const string Header = "X-Feature-Recommendations";
    public const string UserHeader = "X-Shop-User";

    /// <summary>
    /// Flag runs analyse over 1 s intervals (a 3 s window) and wait at most 5 s more for traffic. The p99 of a 1 s window
    /// of ~100 requests is nearly its slowest request, which on this shared 2-core machine jumps by 50-100 ms from one
    /// window to the next: a 500 ms latency tolerance keeps that noise from failing a good change (errors still fail it).
    /// </summary>
    public static readonly string[] ShortAnalysis = ["--analysis-interval=1s", "--max-step-extension=5s", "--latency-tolerance=500ms"];

    public static async Task<bool> IsOnForAsync(HttpClient http, string user)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/recommendations");
        request.Headers.Add(UserHeader, user);
        using var response = await http.SendAsync(request);
        return response.Headers.GetValues(Header).Single() == "on";
    }

    /// <summary>
    /// Light, steady customer traffic to the flagged endpoint from ever new users (about 100 requests a second), so every
    /// analysis window has enough requests on both sides without taking the machine's cores from the releases.
    /// </summary>
    public static CustomerLoad Customers(TestEnvironment environment) => Customers(environment.Url);

    /// <inheritdoc cref="Customers(TestEnvironment)"/>
    public static CustomerLoad Customers(Uri url)
    {
        var next = 0;
        return new CustomerLoad(url, 1, async http =>
        {
            await Task.Delay(10);
            using var request = new HttpRequestMessage(HttpMethod.Get, "api/recommendations");
            request.Headers.Add(UserHeader, $"customer-{Interlocked.Increment(ref next)}");
            return await http.SendAsync(request);
        });
    }

    /// <summary>The messages of the environment's audit records (JSON-escaped in the file: '>' is written \u003E).</summary>
    public static IReadOnlyList<string> AuditMessages(TestEnvironment environment) =>
        File.ReadLines(environment.AuditFile)
            .Select(line => System.Text.Json.JsonDocument.Parse(line).RootElement)
            .Select(record => $"{record.GetProperty("step").GetString()} {record.GetProperty("outcome").GetString()} {(record.TryGetProperty("message", out var m) ? m.GetString() : null)}")
            .ToList();

    public static string FlagsFile(TestEnvironment environment) => Path.Combine(environment.State, "data", "feature-flags.json");
}
