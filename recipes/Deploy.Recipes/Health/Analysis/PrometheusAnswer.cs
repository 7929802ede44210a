using System.Globalization;
using System.Text.Json;

namespace Deploy.Recipes.Health.Analysis;

/// <summary>Reads the answers of Prometheus's HTTP API (<c>/api/v1/query</c>, <c>/api/v1/targets</c>).</summary>
public static class PrometheusAnswer
{
    /// <summary>
    /// The one number an instant query answered: a scalar, or a vector of at most one sample. An empty vector (no
    /// series matched: no traffic yet) and NaN (a quantile of nothing) are null. A vector of several samples, any
    /// other result type, or <c>"status":"error"</c> throws <see cref="AnalysisMetricsUnavailableException"/>
    /// quoting Prometheus's error.
    /// </summary>
    public static double? Number(string json, string metric)
    {
        using var document = Parse(json, metric);
        var data = document.RootElement.GetProperty("data");
        var type = data.GetProperty("resultType").GetString();
        var result = data.GetProperty("result");
        string text;
        if (type == "scalar")
        {
            text = result[1].GetString() ?? "NaN";
        }
        else if (type == "vector")
        {
            if (result.GetArrayLength() == 0)
                return null;
            if (result.GetArrayLength() > 1)
                throw new AnalysisMetricsUnavailableException($"the {metric} query answered {result.GetArrayLength()} series; it must be aggregated to one (sum, max, histogram_quantile over sum by (le))");
            text = result[0].GetProperty("value")[1].GetString() ?? "NaN";
        }
        else
        {
            throw new AnalysisMetricsUnavailableException($"the {metric} query answered a {type}; it must answer an instant vector or a scalar");
        }

        var number = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        return double.IsNaN(number) ? null : number;
    }

    /// <summary>The longest scrape interval of Prometheus's active targets; null when it reports none.</summary>
    public static TimeSpan? LongestScrapeInterval(string json)
    {
        using var document = Parse(json, "targets");
        TimeSpan? longest = null;
        foreach (var target in document.RootElement.GetProperty("data").GetProperty("activeTargets").EnumerateArray())
        {
            if (target.TryGetProperty("scrapeInterval", out var interval) && Duration(interval.GetString()) is { } span && (longest == null || span > longest))
                longest = span;
        }

        return longest;
    }

    /// <summary>A Prometheus duration such as <c>15s</c>, <c>1m30s</c>, <c>500ms</c>; null when it is not one.</summary>
    public static TimeSpan? Duration(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return null;
        var total = TimeSpan.Zero;
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
                i++;
            if (i == start)
                return null;
            var number = long.Parse(text[start..i], CultureInfo.InvariantCulture);
            var unitStart = i;
            while (i < text.Length && char.IsAsciiLetter(text[i]))
                i++;
            TimeSpan? unit = text[unitStart..i] switch
            {
                "ms" => TimeSpan.FromMilliseconds(1),
                "s" => TimeSpan.FromSeconds(1),
                "m" => TimeSpan.FromMinutes(1),
                "h" => TimeSpan.FromHours(1),
                "d" => TimeSpan.FromDays(1),
                "w" => TimeSpan.FromDays(7),
                "y" => TimeSpan.FromDays(365),
                _ => null,
            };
            if (unit == null)
                return null;
            total += unit.Value * number;
        }

        return total;
    }

    private static JsonDocument Parse(string json, string what)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            throw new AnalysisMetricsUnavailableException($"Prometheus's answer to the {what} query is not JSON (is prometheus-url the server's base URL?)");
        }

        var root = document.RootElement;
        if (root.TryGetProperty("status", out var status) && status.GetString() == "success" && root.TryGetProperty("data", out _))
            return document;
        var error = root.TryGetProperty("error", out var e) ? e.GetString() : "no data";
        var type = root.TryGetProperty("errorType", out var t) ? t.GetString() : "error";
        document.Dispose();
        throw new AnalysisMetricsUnavailableException($"Prometheus refused the {what} query ({type}): {error}");
    }
}
