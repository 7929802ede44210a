using System.Text.Json;
using Deploy.Recipes.Edge.Contract;
using Deploy.Recipes.Releases;

namespace Deploy.Recipes.Targets.Local;

/// <summary>
/// Finds the environment's edge from what it wrote under <c>.deploy/&lt;environment&gt;/edge</c>: its endpoint
/// (<c>edge.json</c>) when its process still runs and is the edge, its saved state (<c>edge-state.json</c>, which
/// outlives an edge that died) and its log.
/// </summary>
internal sealed class LocalEdgeFiles(DeployPaths paths)
{
    /// <summary>The program's file name, which the edge's command line names.</summary>
    public const string EdgeProgram = "Deploy.Recipes.Edge.dll";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The edge's folder.</summary>
    public string Folder => paths.Edge;

    /// <summary><c>edge.json</c>.</summary>
    public string EndpointFile => Path.Combine(paths.Edge, EdgeFiles.Endpoint);

    /// <summary><c>edge-state.json</c>.</summary>
    public string StateFile => Path.Combine(paths.Edge, EdgeFiles.State);

    /// <summary>The edge's log.</summary>
    public string LogFile => Path.Combine(paths.Edge, EdgeFiles.Log);

    /// <summary>The running edge's endpoint, or null when none runs (a stale edge.json from a dead edge counts as none).</summary>
    public EdgeEndpoint? Running()
    {
        if (!File.Exists(EndpointFile))
            return null;
        EdgeEndpoint? endpoint;
        try
        {
            endpoint = JsonSerializer.Deserialize<EdgeEndpoint>(File.ReadAllText(EndpointFile), Json);
        }
        catch (JsonException)
        {
            endpoint = null;
        }

        return endpoint != null && IsEdge(endpoint.Pid) ? endpoint : null;
    }

    /// <summary>The state the last edge saved, or null when there is none (never started, or stopped in order).</summary>
    public EdgeSavedState? SavedState()
    {
        try
        {
            return File.Exists(StateFile) ? JsonSerializer.Deserialize<EdgeSavedState>(File.ReadAllText(StateFile), Json) : null;
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            return null;
        }
    }

    /// <summary>The slot processes the edge recorded, or none when the file is missing or unreadable.</summary>
    public IReadOnlyList<SlotProcessRecord> SlotProcesses()
    {
        var file = Path.Combine(paths.Edge, EdgeFiles.SlotProcesses);
        if (!File.Exists(file))
            return [];
        try
        {
            return JsonSerializer.Deserialize<List<SlotProcessRecord>>(File.ReadAllText(file), Json) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    /// <summary>True when <paramref name="pid"/> runs and is an edge.</summary>
    public static bool IsEdge(int pid) => ProcessIdentity.IsAlive(pid) && ProcessIdentity.CommandLine(pid).Contains(EdgeProgram, StringComparison.Ordinal);
}
