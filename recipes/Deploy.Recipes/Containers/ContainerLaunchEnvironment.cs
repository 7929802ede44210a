namespace Deploy.Recipes.Containers;

/// <summary>
/// The app's environment as <c>docker run --env-file /dev/stdin</c> reads it: one <c>KEY=value</c> line each, written to
/// the CLI's standard input, so values (which may be secrets) never reach a command line.
/// </summary>
public static class ContainerLaunchEnvironment
{
    /// <summary>
    /// The env-file text. The format has no quoting, so a value with a line break cannot be passed: that is an error
    /// naming the setting, never its value.
    /// </summary>
    public static string EnvFile(IReadOnlyDictionary<string, string> environment)
    {
        var lines = new List<string>();
        foreach (var (name, value) in environment.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            if (name.Length == 0 || name.Contains('=') || name.Contains('\n') || name.Contains('\r') || name.StartsWith('#') || name.Trim() != name)
                throw new ArgumentException($"App setting '{name.Trim()}' cannot be passed to a container: a name must not be empty, start with '#', hold '=', spaces at its ends or a line break.");
            if (value.Contains('\n') || value.Contains('\r'))
                throw new ArgumentException($"App setting '{name}' has a line break in its value, which a container's environment file cannot carry: put it on one line (e.g. base64).");
            lines.Add($"{name}={value}");
        }

        return string.Join('\n', lines) + "\n";
    }
}
