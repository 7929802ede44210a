namespace Deploy.Recipes.Edge.Hosting;

/// <summary>A reason the edge cannot start: printed as one line on stderr, and the exit code to leave with.</summary>
internal sealed class EdgeStartupException(int exitCode, string message) : Exception(message)
{
    /// <summary>2: bad arguments or token; 3: the public port (or the state folder) is taken by another process.</summary>
    public int ExitCode { get; } = exitCode;

    public const int BadInput = 2;

    public const int Occupied = 3;
}
