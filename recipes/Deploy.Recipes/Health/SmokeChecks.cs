using Deploy.Recipes.Targets.Local;

namespace Deploy.Recipes.Health;

/// <summary>
/// The smoke checks: each configured path must answer 2xx, and every answer must carry the release's version in
/// <c>X-App-Version</c> (so a check can never pass against the wrong release).
/// </summary>
public static class SmokeChecks
{
    /// <summary>The response header a release reports its version in.</summary>
    public const string VersionHeader = "X-App-Version";

    /// <summary>Runs the checks through <paramref name="get"/>; returns one line per check, throws on the first failure.</summary>
    public static async Task<IReadOnlyList<string>> RunAsync(Func<string, Task<HttpResponseMessage>> get, IReadOnlyList<string> paths, string expectedVersion)
    {
        var passed = new List<string>();
        foreach (var path in paths)
        {
            HttpResponseMessage response;
            try
            {
                response = await get(path);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                throw new ReleaseCheckFailedException($"Smoke check GET {path} got no answer: {e.Message}");
            }

            using (response)
            {
                var version = response.Headers.TryGetValues(VersionHeader, out var values) ? values.FirstOrDefault() : null;
                if (!response.IsSuccessStatusCode)
                    throw new ReleaseCheckFailedException(
                        $"Smoke check GET {path} answered {(int)response.StatusCode} {response.ReasonPhrase}: {ReadinessWait.Short(await response.Content.ReadAsStringAsync())}");
                if (version != expectedVersion)
                    throw new ReleaseCheckFailedException(
                        $"Smoke check GET {path} was answered by version '{version ?? "(no " + VersionHeader + " header)"}', not the release's version '{expectedVersion}'.");
                passed.Add($"GET {path} -> {(int)response.StatusCode} ({version})");
            }
        }

        return passed;
    }
}
