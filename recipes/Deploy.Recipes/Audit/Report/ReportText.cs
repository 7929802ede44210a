using System.Globalization;

namespace Deploy.Recipes.Audit.Report;

/// <summary>How the report writes numbers, times and durations, the same in HTML and Markdown.</summary>
public static class ReportText
{
    /// <summary>A value with its unit: three significant digits at most (<c>40 %</c>, <c>12.5 ms</c>, <c>312 req/s</c>).</summary>
    public static string Value(double value, string unit) => $"{Number(value)} {unit}";

    /// <summary>A number with up to two decimals, fewer as it grows.</summary>
    public static string Number(double value) =>
        value.ToString(Math.Abs(value) >= 100 ? "0" : Math.Abs(value) >= 10 ? "0.#" : "0.##", CultureInfo.InvariantCulture);

    /// <summary>A time in UTC (<c>2026-11-27 22:10:05Z</c>).</summary>
    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>A duration for people (<c>850 ms</c>, <c>12.3 s</c>, <c>4 min 05 s</c>).</summary>
    public static string Duration(double? milliseconds)
    {
        if (milliseconds is not { } ms)
            return "";
        if (ms < 1000)
            return $"{ms.ToString("0", CultureInfo.InvariantCulture)} ms";
        if (ms < 60_000)
            return $"{(ms / 1000).ToString("0.0", CultureInfo.InvariantCulture)} s";
        var span = TimeSpan.FromMilliseconds(ms);
        return span.TotalHours >= 1
            ? $"{(int)span.TotalHours} h {span.Minutes:00} min"
            : $"{span.Minutes} min {span.Seconds:00} s";
    }

    /// <summary>The versions a slot ran, joined with arrows.</summary>
    public static string Versions(IReadOnlyList<string> versions) => string.Join(" → ", versions);
}
