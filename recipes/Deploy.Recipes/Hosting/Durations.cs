using System.Globalization;

namespace Deploy.Recipes.Hosting;

/// <summary>
/// The one way a duration is written in settings and step lists: seconds (<c>30</c>, <c>2.5s</c>), milliseconds
/// (<c>500ms</c>), minutes (<c>2m</c>), hours (<c>1h</c>) or <c>hh:mm:ss</c>; never negative.
/// </summary>
public static class Durations
{
    /// <summary>Reads <paramref name="text"/>; false when it is not a duration written as above.</summary>
    public static bool TryParse(string text, out TimeSpan span)
    {
        span = TimeSpan.Zero;
        text = text.Trim();
        var (number, unit) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], 0.001)
            : text.EndsWith('s') ? (text[..^1], 1.0)
            : text.EndsWith('m') ? (text[..^1], 60.0)
            : text.EndsWith('h') ? (text[..^1], 3600.0)
            : (text, 1.0);
        if (double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0 && !double.IsInfinity(value))
        {
            span = TimeSpan.FromSeconds(value * unit);
            return true;
        }

        return text.Contains(':') && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out span) && span >= TimeSpan.Zero;
    }

    /// <summary>A duration the way people read it: <c>500 ms</c>, <c>20 s</c>, <c>2 min</c>, <c>1 h 30 min</c>.</summary>
    public static string Describe(TimeSpan span)
    {
        if (span < TimeSpan.FromSeconds(1))
            return span.TotalMilliseconds.ToString("0.#", CultureInfo.InvariantCulture) + " ms";
        if (span < TimeSpan.FromMinutes(1) || span.TotalSeconds % 60 != 0)
            return span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";
        if (span < TimeSpan.FromHours(1) || span.TotalMinutes % 60 != 0)
            return span.TotalMinutes.ToString("0", CultureInfo.InvariantCulture) + " min";
        return span.TotalHours.ToString("0.###", CultureInfo.InvariantCulture) + " h";
    }
}
