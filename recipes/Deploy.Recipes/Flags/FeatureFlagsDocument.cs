using System.Text.Json;
using System.Text.Json.Nodes;

namespace Deploy.Recipes.Flags;

/// <summary>
/// The feature-flags file of an environment, in the shape Microsoft.FeatureManagement reads
/// (<c>feature_management.feature_flags[]</c>, each flag <c>id</c>, <c>enabled</c> and a <c>Microsoft.Targeting</c>
/// client filter with its <c>Audience</c>). Reading and editing are pure: text in, text out. Flags and fields the recipe
/// does not change are kept as they are.
/// </summary>
public sealed class FeatureFlagsDocument
{
    /// <summary>The targeting filter's name.</summary>
    public const string TargetingFilter = "Microsoft.Targeting";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private readonly JsonObject _root;

    private FeatureFlagsDocument(JsonObject root) => _root = root;

    /// <summary>
    /// Reads a flags file's text; null (no file yet) is an empty document. Throws <see cref="FormatException"/>,
    /// saying what is wrong, when the text is not such a document.
    /// </summary>
    public static FeatureFlagsDocument Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return new FeatureFlagsDocument(new JsonObject());
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(text);
        }
        catch (JsonException e)
        {
            throw new FormatException($"it is not valid JSON ({e.Message})", e);
        }

        if (node is not JsonObject root)
            throw new FormatException("it is not a JSON object");
        if (root["feature_management"] is { } section && section is not JsonObject)
            throw new FormatException("'feature_management' is not an object");
        if (root["feature_management"]?["feature_flags"] is { } flags && flags is not JsonArray)
            throw new FormatException("'feature_management.feature_flags' is not an array");
        return new FeatureFlagsDocument(root);
    }

    /// <summary>Every flag the document names, in its order.</summary>
    public IReadOnlyList<FlagState> Flags =>
        FlagNodes().Select(IdOf).OfType<string>().Distinct(StringComparer.Ordinal).Select(Read).ToList();

    /// <summary>The flag <paramref name="name"/> as Microsoft.FeatureManagement would evaluate it (absent: off).</summary>
    public FlagState Read(string name)
    {
        if (Find(name) is not { } flag)
            return FlagState.Absent(name);
        var enabled = flag["enabled"] is JsonValue value && value.TryGetValue<bool>(out var on) && on;
        var filters = flag["conditions"]?["client_filters"] as JsonArray;
        var targeting = filters?.OfType<JsonObject>().FirstOrDefault(f => f["name"]?.GetValue<string>() is TargetingFilter or "Targeting");
        // Enabled with no filter at all is on for everyone.
        if (filters == null || filters.Count == 0)
            return new FlagState(name, enabled, 100, []);
        var audience = targeting?["parameters"]?["Audience"];
        var percent = audience?["DefaultRolloutPercentage"] is JsonValue share && share.TryGetValue<double>(out var number) ? (int)Math.Round(number) : 0;
        var users = (audience?["Users"] as JsonArray)?.OfType<JsonValue>().Select(u => u.TryGetValue<string>(out var user) ? user : null).OfType<string>().ToList() ?? [];
        return new FlagState(name, enabled, percent, users);
    }

    /// <summary>
    /// The document's text with <paramref name="flag"/> set as given: the recipe owns the flag's <c>enabled</c> and
    /// its conditions (one targeting filter); other flags are left untouched.
    /// </summary>
    public string With(FlagState flag)
    {
        var root = (JsonObject)_root.DeepClone();
        if (root["feature_management"] is not JsonObject section)
            root["feature_management"] = section = new JsonObject();
        if (section["feature_flags"] is not JsonArray flags)
            section["feature_flags"] = flags = new JsonArray();
        var node = flags.OfType<JsonObject>().FirstOrDefault(f => IdOf(f) == flag.Name);
        if (node == null)
            flags.Add(node = new JsonObject { ["id"] = flag.Name });
        node["enabled"] = flag.Enabled;
        node["conditions"] = new JsonObject
        {
            ["client_filters"] = new JsonArray(new JsonObject
            {
                ["name"] = TargetingFilter,
                ["parameters"] = new JsonObject
                {
                    ["Audience"] = new JsonObject
                    {
                        ["Users"] = new JsonArray(flag.Users.Select(u => (JsonNode)JsonValue.Create(u)!).ToArray()),
                        ["Groups"] = new JsonArray(),
                        ["DefaultRolloutPercentage"] = flag.Percent,
                    },
                },
            }),
        };
        return root.ToJsonString(Indented) + "\n";
    }

    private JsonObject? Find(string name) => FlagNodes().FirstOrDefault(f => IdOf(f) == name);

    private IEnumerable<JsonObject> FlagNodes() =>
        (_root["feature_management"]?["feature_flags"] as JsonArray)?.OfType<JsonObject>() ?? [];

    private static string? IdOf(JsonObject flag) => flag["id"] is JsonValue id && id.TryGetValue<string>(out var text) ? text : null;
}
