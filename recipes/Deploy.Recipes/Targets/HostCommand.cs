namespace Deploy.Recipes.Targets;

/// <summary>
/// A program run on a host (<see cref="ITargetHost.RunAsync"/>), without a shell: its argv, what it reads on standard
/// input, extra environment variables and how long it may take. Secrets go to <see cref="StandardInput"/>, never into
/// <see cref="Arguments"/> or <see cref="Environment"/>, which other users of the host can see while it runs.
/// </summary>
/// <param name="Arguments">The program and its arguments (e.g. <c>docker</c>, <c>pull</c>, ...).</param>
/// <param name="StandardInput">Text written to its standard input, then closed; null for none.</param>
/// <param name="Environment">Extra environment variables (never secrets).</param>
/// <param name="Timeout">How long it may run; null for <see cref="DefaultTimeout"/>.</param>
public sealed record HostCommand(
    IReadOnlyList<string> Arguments,
    string? StandardInput = null,
    IReadOnlyDictionary<string, string>? Environment = null,
    TimeSpan? Timeout = null)
{
    /// <summary>How long a command may run when it does not say.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(5);

    /// <summary>The command line for logs and errors: the argv only, never the standard input.</summary>
    public override string ToString() => string.Join(' ', Arguments);
}
