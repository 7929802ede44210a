using System.Text.RegularExpressions;
using Deploy.Recipes.Edge.Contract;
using Deploy.Recipes.Hosting;

namespace Deploy.Recipes.Health.Analysis;

/// <summary>
/// The PromQL the <c>prometheus</c> analysis provider runs for each metric of one side, in Flagger's shape (a
/// request-success-rate and request-duration query per side) over the edge's series (<see cref="EdgeMetricNames"/>).
/// Each metric can be replaced with <c>prometheus-queries</c> (<c>METRIC=PROMQL;...</c>); queries may use the
/// placeholders <c>{{environment}}</c> (the environment, a label value), <c>{{slot}}</c> (the side's slot, a regex
/// alternation when hosts differ: use it with <c>=~</c>), <c>{{role}}</c> (<c>stable</c> or <c>canary</c>: the side
/// being measured) and <c>{{interval}}</c> (the window, such as <c>37s</c>).
/// </summary>
public sealed class PrometheusQueries
{
    /// <summary>The metrics a query can be given for, in the order they are documented.</summary>
    public static readonly IReadOnlyList<string> Metrics = ["requests", "errors", "p95", "p99", "oldest-in-flight"];

    /// <summary>The placeholders queries may use.</summary>
    public static readonly IReadOnlyList<string> Placeholders = ["environment", "slot", "role", "interval"];

    private const string Side = "environment=\"{{environment}}\",slot=~\"{{slot}}\"";

    /// <summary>The built-in queries, by metric.</summary>
    public static readonly IReadOnlyDictionary<string, string> Defaults = new Dictionary<string, string>
    {
        ["requests"] = $"sum(increase({EdgeMetricNames.Requests}{{{Side},source=\"customer\"}}[{{{{interval}}}}]))",
        ["errors"] = $"sum(increase({EdgeMetricNames.Requests}{{{Side},source=\"customer\",class=\"5xx\"}}[{{{{interval}}}}]))",
        ["p95"] = $"histogram_quantile(0.95, sum by (le) (increase({EdgeMetricNames.Duration}_bucket{{{Side}}}[{{{{interval}}}}])))",
        ["p99"] = $"histogram_quantile(0.99, sum by (le) (increase({EdgeMetricNames.Duration}_bucket{{{Side}}}[{{{{interval}}}}])))",
        ["oldest-in-flight"] = $"max({EdgeMetricNames.OldestInFlight}{{{Side}}})",
    };

    private static readonly Regex PlaceholderPattern = new(@"\{\{\s*([^}]*?)\s*\}\}", RegexOptions.CultureInvariant);

    // A new METRIC=PROMQL entry, as opposed to the rest of a query the settings split at a comma: a name, then '='
    // not followed by '~', '"' or '=' (which would make it a label matcher such as slot="blue" or slot=~"b.*").
    private static readonly Regex EntryStart = new(@"^\s*([A-Za-z][A-Za-z0-9_-]*)\s*=(?!\s*[~""=])", RegexOptions.CultureInvariant);

    private readonly IReadOnlyDictionary<string, string> _queries;

    private PrometheusQueries(IReadOnlyDictionary<string, string> queries) => _queries = queries;

    /// <summary>
    /// The queries with <paramref name="overrides"/> (the items of <c>prometheus-queries</c>) applied. The settings
    /// split a list at ',' and ';', and PromQL has commas: an item that does not start a <c>METRIC=</c> entry is the
    /// rest of the previous entry's query and is joined back with a comma. Refuses an unknown metric or placeholder,
    /// naming it and the valid ones.
    /// </summary>
    public static PrometheusQueries From(IReadOnlyList<string> overrides)
    {
        var queries = new Dictionary<string, string>(Defaults);
        string? metric = null;
        foreach (var item in overrides)
        {
            if (EntryStart.Match(item) is { Success: true } start)
            {
                metric = start.Groups[1].Value.ToLowerInvariant();
                if (!Metrics.Contains(metric))
                    throw new RecipeUsageException($"prometheus-queries: unknown metric '{start.Groups[1].Value}'; use one of {string.Join(", ", Metrics)} (METRIC=PROMQL separated by ';').");
                queries[metric] = item[start.Length..].Trim();
            }
            else if (metric == null)
            {
                throw new RecipeUsageException($"prometheus-queries: '{item}' is not METRIC=PROMQL; use one of {string.Join(", ", Metrics)} as METRIC, entries separated by ';'.");
            }
            else
            {
                queries[metric] += "," + item.Trim();
            }
        }

        foreach (var (name, query) in queries)
        {
            if (query.Length == 0)
                throw new RecipeUsageException($"prometheus-queries: the {name} query is empty.");
            foreach (Match placeholder in PlaceholderPattern.Matches(query))
            {
                if (!Placeholders.Contains(placeholder.Groups[1].Value))
                    throw new RecipeUsageException(
                        $"prometheus-queries: unknown placeholder {placeholder.Value} in the {name} query; valid: {string.Join(", ", Placeholders.Select(p => "{{" + p + "}}"))}.");
            }
        }

        return new PrometheusQueries(queries);
    }

    /// <summary>The query for <paramref name="metric"/> of one side, placeholders filled in.</summary>
    public string For(string metric, string environment, IReadOnlyCollection<string> slots, string role, TimeSpan interval) =>
        PlaceholderPattern.Replace(_queries[metric], placeholder => placeholder.Groups[1].Value switch
        {
            "environment" => LabelValue(environment),
            "slot" => string.Join("|", slots.Select(LabelValue)),
            "role" => role,
            _ => $"{(long)Math.Ceiling(interval.TotalSeconds)}s",
        });

    // Inside a PromQL double-quoted string.
    private static string LabelValue(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
}
