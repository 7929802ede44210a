using System.Text.Json;

namespace Deploy.Recipes.Edge.Hosting;

/// <summary>The one JSON shape of the edge, on the wire and on disk: System.Text.Json web defaults (camelCase).</summary>
internal static class EdgeJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    public static readonly JsonSerializerOptions Files = new(JsonSerializerDefaults.Web) { WriteIndented = true };
}
