namespace Deploy.Recipes.Targets.Ssh;

/// <summary>Quotes values for the POSIX shell that runs the recipe's commands on a host. Pure.</summary>
public static class ShellQuote
{
    /// <summary><paramref name="value"/> as one single-quoted shell word (a <c>'</c> inside becomes <c>'\''</c>).</summary>
    public static string Word(string value) => "'" + value.Replace("'", "'\\''") + "'";

    /// <summary>The words joined into one command line, each quoted.</summary>
    public static string Command(IEnumerable<string> words) => string.Join(' ', words.Select(Word));
}
