using System.Text.Json;
using Deploy.Recipes.Edge.Contract;
using Deploy.Recipes.Edge.Slots;

namespace Deploy.Recipes.Edge.Hosting;

/// <summary><c>edge.json</c>: written once both ports listen, deleted on shutdown; the recipe finds the edge by it.</summary>
internal sealed class EdgeEndpointFile(string stateDirectory)
{
    private string FilePath => Path.Combine(stateDirectory, EdgeFiles.Endpoint);

    public void Write(EdgeEndpoint endpoint) => AtomicFile.WriteJson(FilePath, endpoint, EdgeJson.Files);

    public void Delete() => File.Delete(FilePath);

    /// <summary>
    /// The PID of another edge that still serves this state folder, if any. A second edge would end the first one's
    /// slot processes as leftovers, so it must not start.
    /// </summary>
    public int? OtherLiveEdge()
    {
        if (!File.Exists(FilePath))
            return null;
        try
        {
            var endpoint = JsonSerializer.Deserialize<EdgeEndpoint>(File.ReadAllText(FilePath), EdgeJson.Files);
            if (endpoint == null || endpoint.Pid == Environment.ProcessId || !ProcessIdentity.IsAlive(endpoint.Pid))
                return null;
            var self = Path.GetFileName(typeof(EdgeEndpointFile).Assembly.Location);
            return ProcessIdentity.Arguments(endpoint.Pid).Any(argument => argument.EndsWith(self, StringComparison.Ordinal)) ? endpoint.Pid : null;
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            return null;
        }
    }
}
