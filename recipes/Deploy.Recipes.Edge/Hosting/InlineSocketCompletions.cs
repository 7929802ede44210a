namespace Deploy.Recipes.Edge.Hosting;

/// <summary>
/// The edge runs socket completions on the socket engine's own threads instead of queueing each to the thread pool:
/// on a machine with few cores a proxy's every read and write is a completion, and the hop through the pool is a large
/// part of what the edge adds to a request. The runtime reads the switch from the environment once, at the first
/// socket, so it is set before any; the release processes the edge starts get the environment the edge itself was
/// given, since an app may block in a continuation where the edge never does.
/// </summary>
internal static class InlineSocketCompletions
{
    public const string Variable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    private static string? _inherited;

    /// <summary>Turns them on for this process; call before anything opens a socket.</summary>
    public static void Enable()
    {
        _inherited = Environment.GetEnvironmentVariable(Variable);
        Environment.SetEnvironmentVariable(Variable, "1");
    }

    /// <summary>Gives a child process the setting the edge was started with, not the edge's own.</summary>
    public static void RestoreFor(IDictionary<string, string?> environment)
    {
        if (_inherited == null)
            environment.Remove(Variable);
        else
            environment[Variable] = _inherited;
    }
}
