using System.Globalization;
using System.Text;

namespace Deploy.Recipes.Tests.Edge;

/// <summary>
/// A reader of the Prometheus text format 0.0.4, strict where the edge's output must be: every sample line is
/// <c>name{label="value",...} number</c> with escaped label values, and every name has its <c>HELP</c> and <c>TYPE</c>.
/// </summary>
internal sealed class ExpositionText
{
    private ExpositionText(List<Sample> samples, Dictionary<string, string> types, HashSet<string> helped)
    {
        Samples = samples;
        Types = types;
        Helped = helped;
    }

    public IReadOnlyList<Sample> Samples { get; }

    /// <summary>TYPE by metric family name.</summary>
    public IReadOnlyDictionary<string, string> Types { get; }

    /// <summary>Family names that have a HELP line.</summary>
    public IReadOnlySet<string> Helped { get; }

    public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

    /// <summary>The samples named <paramref name="name"/> whose labels include every given pair.</summary>
    public IEnumerable<Sample> Where(string name, params (string Label, string Value)[] labels) =>
        Samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Label, out var v) && v == l.Value));

    public double Sum(string name, params (string Label, string Value)[] labels) => Where(name, labels).Sum(s => s.Value);

    public static ExpositionText Parse(string text)
    {
        var samples = new List<Sample>();
        var types = new Dictionary<string, string>();
        var helped = new HashSet<string>();
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0)
                continue;
            if (line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                helped.Add(line["# HELP ".Length..].Split(' ')[0]);
                continue;
            }

            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line["# TYPE ".Length..].Split(' ');
                types[parts[0]] = parts[1];
                continue;
            }

            samples.Add(ParseSample(line));
        }

        return new ExpositionText(samples, types, helped);
    }

    private static Sample ParseSample(string line)
    {
        var brace = line.IndexOf('{', StringComparison.Ordinal);
        if (brace < 0)
            throw new FormatException($"no labels: {line}");
        var name = line[..brace];
        var labels = new Dictionary<string, string>();
        var at = brace + 1;
        while (line[at] != '}')
        {
            var equals = line.IndexOf('=', at);
            var label = line[at..equals];
            if (line[equals + 1] != '"')
                throw new FormatException($"unquoted label value: {line}");
            var value = new StringBuilder();
            at = equals + 2;
            while (line[at] != '"')
            {
                if (line[at] == '\\')
                {
                    at++;
                    value.Append(line[at] switch
                    {
                        '\\' => '\\',
                        '"' => '"',
                        'n' => '\n',
                        _ => throw new FormatException($"bad escape \\{line[at]}: {line}"),
                    });
                }
                else
                {
                    value.Append(line[at]);
                }

                at++;
            }

            labels.Add(label, value.ToString());
            at++;
            if (line[at] == ',')
                at++;
        }

        if (line[at + 1] != ' ')
            throw new FormatException($"no space before the value: {line}");
        var number = line[(at + 2)..];
        var parsed = number == "+Inf" ? double.PositiveInfinity : double.Parse(number, NumberStyles.Float, CultureInfo.InvariantCulture);
        return new Sample(name, labels, parsed);
    }
}
