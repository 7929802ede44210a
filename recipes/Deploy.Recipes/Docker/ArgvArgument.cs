using System.Text;
using Cake.Core.IO;

namespace Deploy.Recipes.Docker;

/// <summary>
/// One argv element for Cake's process runner, which hands the program a single command-line string that .NET splits
/// again (backslash and double-quote rules). Quoting it by those rules makes the program receive exactly this element:
/// a Go template with quotes or a path with spaces arrives whole.
/// </summary>
internal sealed class ArgvArgument(string value) : IProcessArgument
{
    /// <inheritdoc />
    public string Render()
    {
        if (value.Length > 0 && !value.Any(c => char.IsWhiteSpace(c) || c is '"' or '\\' or '\''))
            return value;
        var quoted = new StringBuilder("\"");
        var backslashes = 0;
        foreach (var c in value)
        {
            if (c == '\\')
            {
                backslashes++;
                continue;
            }
            // Backslashes are literal unless they precede a quote: then each is doubled, and the quote escaped.
            quoted.Append('\\', c == '"' ? backslashes * 2 + 1 : backslashes);
            backslashes = 0;
            quoted.Append(c);
        }
        // Before the closing quote, too, backslashes are doubled so the quote still closes.
        quoted.Append('\\', backslashes * 2).Append('"');
        return quoted.ToString();
    }

    /// <inheritdoc />
    public string RenderSafe() => Render();

    /// <inheritdoc />
    public override string ToString() => Render();
}
