using Cake.Core.Diagnostics;

namespace Deploy.Recipes.Hosting;

/// <summary>
/// The command line in Cake's conventions: <c>--target</c>/<c>-t</c>, <c>--verbosity</c>/<c>-v</c>, <c>--dryrun</c>,
/// <c>--exclusive</c>/<c>-e</c>, <c>--tree</c>, <c>--description</c>, <c>--help</c>, <c>--version</c>, and any
/// <c>--key=value</c> (or <c>--key value</c>, or a bare <c>--flag</c> meaning true) for tasks and settings.
/// </summary>
public sealed class HostArguments
{
    private static readonly string[] VerbosityNames = ["quiet", "minimal", "normal", "verbose", "diagnostic"];

    private static readonly Dictionary<string, string> ShortNames = new(StringComparer.Ordinal)
    {
        ["t"] = "target", ["v"] = "verbosity", ["e"] = "exclusive", ["h"] = "help", ["?"] = "help",
    };

    private HostArguments(ILookup<string, string> values) => Values = values;

    /// <summary>Every argument by key (case-insensitive), host options included, as Cake's arguments see them.</summary>
    public ILookup<string, string> Values { get; }

    /// <summary>The targets to run, in the order given; empty when none was given.</summary>
    public IReadOnlyList<string> Targets => Values["target"].ToList();

    /// <summary>The log verbosity; <see cref="Verbosity.Normal"/> unless given.</summary>
    public Verbosity Verbosity { get; private init; } = Verbosity.Normal;

    /// <summary>Print the plan in order and execute nothing.</summary>
    public bool DryRun => Flag("dryrun") || Flag("noop") || Flag("whatif");

    /// <summary>Run only the target, not its dependencies.</summary>
    public bool Exclusive => Flag("exclusive");

    /// <summary>Print the task graph.</summary>
    public bool Tree => Flag("tree");

    /// <summary>Print each task's description.</summary>
    public bool Description => Flag("description");

    /// <summary>Print usage, options and settings.</summary>
    public bool Help => Flag("help");

    /// <summary>Print the recipe's and Cake's versions.</summary>
    public bool Version => Flag("version");

    /// <summary>Reads a command line; throws <see cref="RecipeUsageException"/> naming any bad argument.</summary>
    public static HostArguments Parse(IEnumerable<string> args)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        var list = args.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            var arg = list[i];
            if (!arg.StartsWith('-') || arg.Trim('-').Length == 0)
                throw new RecipeUsageException(
                    $"Unexpected argument '{arg}'. Arguments look like --key=value, --key value or --flag (for example --target=Deploy).");

            var body = arg.TrimStart('-');
            string key, value;
            var equals = body.IndexOf('=');
            if (equals >= 0)
            {
                key = body[..equals];
                value = body[(equals + 1)..];
            }
            else
            {
                key = body;
                var next = i + 1 < list.Count ? list[i + 1] : null;
                if (next != null && !next.StartsWith('-'))
                {
                    value = next;
                    i++;
                }
                else
                {
                    value = "true";
                }
            }

            if (key.Length == 0)
                throw new RecipeUsageException($"Argument '{arg}' has no name before '='.");
            if (ShortNames.TryGetValue(key, out var longName))
                key = longName;
            pairs.Add(new(key, value));
        }

        var lookup = pairs.ToLookup(p => p.Key, p => p.Value, StringComparer.OrdinalIgnoreCase);
        return new HostArguments(lookup) { Verbosity = ParseVerbosity(lookup["verbosity"].LastOrDefault()) };
    }

    private static Verbosity ParseVerbosity(string? text)
    {
        if (text == null)
            return Verbosity.Normal;
        var match = VerbosityNames.FirstOrDefault(n =>
            n.Equals(text, StringComparison.OrdinalIgnoreCase) ||
            (text.Length == 1 && n.StartsWith(text, StringComparison.OrdinalIgnoreCase)));
        return match == null
            ? throw new RecipeUsageException(
                $"Verbosity '{text}' is not valid. Valid values: {string.Join(", ", VerbosityNames)} (or their first letter).")
            : Enum.Parse<Verbosity>(match, ignoreCase: true);
    }

    private bool Flag(string key)
    {
        var value = Values[key].LastOrDefault();
        if (value == null)
            return false;
        return bool.TryParse(value, out var flag)
            ? flag
            : throw new RecipeUsageException($"--{key} takes true or false, not '{value}'.");
    }
}
