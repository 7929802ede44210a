namespace Deploy.Recipes.Health;

/// <summary>
/// Runs the smoke checks: each answer must meet its check's expectation (<see cref="SmokeCheck.Judge"/>) and prove
/// it came from the release being checked (<see cref="ExpectedRelease.Judge"/>), so a check can never pass against
/// the wrong release, whether or not the app reports a version.
/// </summary>
public static class SmokeChecks
{
    /// <summary>The response header an app may report its version in (optional).</summary>
    public const string VersionHeader = ExpectedRelease.VersionHeader;

    // Enough of a body to find a fragment in an OpenAPI document or a page; a larger body is judged by its start.
    private const int MaxBodyBytes = 1 << 20;

    /// <summary>
    /// Runs <paramref name="checks"/> through <paramref name="get"/> (which must not follow redirects); returns one
    /// line per check, throws <see cref="ReleaseCheckFailedException"/> on the first failure.
    /// </summary>
    public static async Task<IReadOnlyList<string>> RunAsync(Func<string, Task<HttpResponseMessage>> get, IReadOnlyList<SmokeCheck> checks, ExpectedRelease expected)
    {
        var passed = new List<string>();
        foreach (var check in checks)
        {
            HttpResponseMessage response;
            try
            {
                response = await get(check.Path);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                throw new ReleaseCheckFailedException($"Smoke check {check.Text}: GET {check.Path} got no answer: {e.Message}");
            }

            using (response)
            {
                var body = await ReadBounded(response);
                if (check.Judge((int)response.StatusCode, response.ReasonPhrase ?? "", body) is { } failure)
                    throw new ReleaseCheckFailedException(failure);
                var version = Header(response, VersionHeader);
                var release = Header(response, ExpectedRelease.ReleaseHeader);
                if (expected.Judge(version, release, Header(response, Edge.Contract.EdgeFiles.ServedByHeader)) is { } wrong)
                    throw new ReleaseCheckFailedException($"Smoke check {check.Text}: GET {check.Path} {wrong}.");
                passed.Add($"GET {check.Path} -> {(int)response.StatusCode} ({release ?? version ?? expected.Version})");
            }
        }

        return passed;
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static async Task<byte[]> ReadBounded(HttpResponseMessage response)
    {
        await using var stream = await response.Content.ReadAsStreamAsync();
        var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while (buffer.Length < MaxBodyBytes && (read = await stream.ReadAsync(chunk)) > 0)
            buffer.Write(chunk, 0, read);
        return buffer.ToArray();
    }
}
