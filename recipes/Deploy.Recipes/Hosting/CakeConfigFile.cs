using Cake.Core;
using Cake.Core.Configuration;

namespace Deploy.Recipes.Hosting;

/// <summary>
/// The Cake configuration as Cake's own provider builds it (<c>CAKE_*</c> environment variables, then
/// <c>cake.config</c>, then arguments), except that a <c>cake.config</c> value may contain <c>=</c>: Cake's parser
/// refuses the whole file on one, so <c>KEY=VALUE</c> app settings and <c>/=302</c> smoke checks could not be set there.
/// A line is <c>[Section]</c>, <c>key=value</c> (split at the first <c>=</c>), blank, or a comment (<c>;</c> or <c>#</c>).
/// </summary>
internal static class CakeConfigFile
{
    public const string FileName = "cake.config";

    /// <summary>The configuration for a run in <paramref name="directory"/>; <see cref="FormatException"/> names a bad line.</summary>
    public static ICakeConfiguration Create(ICakeEnvironment environment, string directory, ILookup<string, string> arguments)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in environment.GetEnvironmentVariables())
        {
            if (name.StartsWith("CAKE_", StringComparison.OrdinalIgnoreCase))
                values[Normalize(name[5..])] = value;
        }

        var file = Path.Combine(directory, FileName);
        if (File.Exists(file))
        {
            foreach (var (key, value) in Parse(File.ReadAllLines(file)))
                values[Normalize(key)] = value;
        }

        foreach (var argument in arguments)
            values[Normalize(argument.Key)] = argument.Last();
        return new CakeConfiguration(values);
    }

    /// <summary>The <c>Section_key</c> = value pairs of the file's lines.</summary>
    public static IEnumerable<(string Key, string Value)> Parse(IReadOnlyList<string> lines)
    {
        var section = "";
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line[0] is ';' or '#')
                continue;
            if (line.StartsWith('['))
            {
                if (!line.EndsWith(']') || line.Length < 3)
                    throw new FormatException($"line {i + 1} '{line}' is not a [Section].");
                section = line[1..^1].Trim();
                continue;
            }

            var equals = line.IndexOf('=');
            if (equals <= 0)
                throw new FormatException($"line {i + 1} '{line}' is neither [Section] nor key=value.");
            var key = line[..equals];
            if (key.Any(char.IsWhiteSpace))
                throw new FormatException($"line {i + 1}: the key '{key}' contains whitespace (write key=value, no spaces around =).");
            yield return (section.Length == 0 ? key : $"{section}_{key}", line[(equals + 1)..]);
        }
    }

    // As Cake normalizes keys: case-insensitive, '.' and '_' both separate a section from its key.
    private static string Normalize(string key) => key.Trim().Replace('.', '_').ToLowerInvariant();
}
