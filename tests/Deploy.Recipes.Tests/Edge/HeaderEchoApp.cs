using System.Text.Json;
using Deploy.Recipes.Edge.Contract;
using Deploy.Recipes.Tests.Support;

namespace Deploy.Recipes.Tests.Edge;

/// <summary>
/// tests/HeaderEcho as built next to these tests: an app that answers every request with the request's headers, so a
/// test sees exactly what the edge let through to an app.
/// </summary>
internal static class HeaderEchoApp
{
    public static string Directory { get; } = BuiltProject.Folder(Path.Combine("tests", "HeaderEcho"), "HeaderEcho.dll");

    /// <summary>What to start in a slot; <paramref name="environment"/> is the app's extra environment.</summary>
    public static StartSlot Release(string version, IReadOnlyDictionary<string, string>? environment = null) =>
        new($"echo-{version}", version, Directory, "HeaderEcho.dll", environment ?? new Dictionary<string, string>());

    /// <summary>The echoed headers of a response, by name (case-insensitive).</summary>
    public static async Task<Dictionary<string, string[]>> HeadersAsync(HttpResponseMessage response)
    {
        var headers = JsonSerializer.Deserialize<Dictionary<string, string[]>>(await response.Content.ReadAsStringAsync())!;
        return new Dictionary<string, string[]>(headers, StringComparer.OrdinalIgnoreCase);
    }
}
