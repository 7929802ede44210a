using System.Globalization;
using System.Text;

namespace Deploy.Recipes.Edge.Contract;

/// <summary>
/// One slot's figures as <c>GET /metrics</c> exports them (see <see cref="EdgeMetricsText"/>).
/// </summary>
/// <param name="Slot">Slot name.</param>
/// <param name="Role"><c>stable</c>, <c>canary</c> or <c>idle</c>.</param>
/// <param name="Weight">Traffic weight 0-100.</param>
/// <param name="Release">Release id of the slot's process, or null when the slot has none.</param>
/// <param name="Version">Version of that release.</param>
/// <param name="RequestsBySourceAndClass">Completed requests, index source * 5 + class (source in <see cref="EdgeMetricsText.Sources"/> order, class 1xx..5xx).</param>
/// <param name="DurationCounts">Customers' requests per duration bucket, not cumulative; one more than the bounds (the last is +Inf).</param>
/// <param name="DurationSumSeconds">Sum of those durations.</param>
/// <param name="InFlight">Customer requests in flight.</param>
/// <param name="OldestInFlightSeconds">Age of the oldest customer request in flight (0 when none).</param>
internal sealed record ExportedSlot(
    string Slot, string Role, int Weight, string? Release, string? Version, IReadOnlyList<long> RequestsBySourceAndClass,
    IReadOnlyList<long> DurationCounts, double DurationSumSeconds, int InFlight, double OldestInFlightSeconds);

/// <summary>
/// Writes the edge's series (<see cref="EdgeMetricNames"/>) in the Prometheus text exposition format 0.0.4. Compiled
/// into the recipe too, so the tests read back exactly what the edge writes.
/// </summary>
internal static class EdgeMetricsText
{
    /// <summary>The content type Prometheus expects for this format.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>Values of the <c>source</c> label, in the order of <see cref="ExportedSlot.RequestsBySourceAndClass"/>.</summary>
    public static readonly IReadOnlyList<string> Sources = ["customer", "operator", "pinned"];

    /// <summary>Values of the <c>class</c> label.</summary>
    public static readonly IReadOnlyList<string> Classes = ["1xx", "2xx", "3xx", "4xx", "5xx"];

    /// <summary>The exposition of every slot of <paramref name="environment"/>; <paramref name="boundsSeconds"/> are the histogram's finite upper bounds.</summary>
    public static string Write(string environment, IReadOnlyList<double> boundsSeconds, IReadOnlyList<ExportedSlot> slots)
    {
        var text = new StringBuilder(8192);
        var env = Escape(environment);

        Header(text, EdgeMetricNames.Requests, "counter", "Completed requests by slot, role, status class and source (customer, operator, pinned).");
        foreach (var slot in slots)
        {
            for (var source = 0; source < Sources.Count; source++)
            {
                for (var statusClass = 0; statusClass < Classes.Count; statusClass++)
                {
                    Series(text, EdgeMetricNames.Requests, env, slot);
                    text.Append(",class=\"").Append(Classes[statusClass]).Append("\",source=\"").Append(Sources[source]).Append("\"} ");
                    text.Append(Number(slot.RequestsBySourceAndClass[source * Classes.Count + statusClass])).Append('\n');
                }
            }
        }

        Header(text, EdgeMetricNames.Duration, "histogram", "Customers' request durations in seconds, 5xx answers included.");
        foreach (var slot in slots)
        {
            long cumulative = 0;
            for (var bucket = 0; bucket < slot.DurationCounts.Count; bucket++)
            {
                cumulative += slot.DurationCounts[bucket];
                Series(text, EdgeMetricNames.Duration + "_bucket", env, slot);
                text.Append(",le=\"").Append(bucket < boundsSeconds.Count ? Number(boundsSeconds[bucket]) : "+Inf").Append("\"} ")
                    .Append(Number(cumulative)).Append('\n');
            }

            Series(text, EdgeMetricNames.Duration + "_sum", env, slot);
            text.Append("} ").Append(Number(slot.DurationSumSeconds)).Append('\n');
            Series(text, EdgeMetricNames.Duration + "_count", env, slot);
            text.Append("} ").Append(Number(cumulative)).Append('\n');
        }

        Gauge(text, EdgeMetricNames.InFlight, "Customer requests in flight.", env, slots, slot => Number(slot.InFlight));
        Gauge(text, EdgeMetricNames.OldestInFlight, "Age in seconds of the oldest customer request in flight (0 when none).", env, slots,
            slot => Number(slot.OldestInFlightSeconds));
        Gauge(text, EdgeMetricNames.Weight, "Traffic weight 0-100.", env, slots, slot => Number(slot.Weight));

        Header(text, EdgeMetricNames.ReleaseInfo, "gauge", "The release each slot runs (always 1).");
        foreach (var slot in slots.Where(slot => slot.Release != null))
        {
            Series(text, EdgeMetricNames.ReleaseInfo, env, slot);
            text.Append(",release=\"").Append(Escape(slot.Release!)).Append("\",version=\"").Append(Escape(slot.Version ?? "")).Append("\"} 1\n");
        }

        return text.ToString();
    }

    /// <summary>A label value as the format requires: backslash, double quote and line feed escaped.</summary>
    public static string Escape(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static void Gauge(StringBuilder text, string name, string help, string env, IReadOnlyList<ExportedSlot> slots, Func<ExportedSlot, string> value)
    {
        Header(text, name, "gauge", help);
        foreach (var slot in slots)
        {
            Series(text, name, env, slot);
            text.Append("} ").Append(value(slot)).Append('\n');
        }
    }

    private static void Header(StringBuilder text, string name, string type, string help) =>
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n').Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');

    // Opens the series and its common labels; the caller adds its own labels and closes the brace.
    private static void Series(StringBuilder text, string name, string env, ExportedSlot slot) =>
        text.Append(name).Append("{environment=\"").Append(env).Append("\",slot=\"").Append(Escape(slot.Slot))
            .Append("\",role=\"").Append(Escape(slot.Role)).Append('"');

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
