namespace Deploy.Recipes.Edge.Contract;

/// <summary>
/// The files an environment's edge and the recipe share under <c>.deploy/&lt;environment&gt;/edge/</c>.
/// Compiled into both the edge and the recipe, so the two can never disagree on a name.
/// </summary>
public static class EdgeFiles
{
    /// <summary>The admin token (random, owner-only permissions). The recipe writes it before starting the edge.</summary>
    public const string Token = "edge.token";

    /// <summary>Written by the edge, atomically, once both ports listen: an <see cref="EdgeEndpoint"/>.</summary>
    public const string Endpoint = "edge.json";

    /// <summary>The edge's own log (stdout and stderr).</summary>
    public const string Log = "edge.log";

    /// <summary>The slot processes the edge started (<see cref="SlotProcessRecord"/> list), so a restarted edge can end leftovers of a killed one.</summary>
    public const string SlotProcesses = "slot-processes.json";

    /// <summary>Folder of slot logs: <c>logs/&lt;release&gt;.&lt;slot&gt;.log</c>.</summary>
    public const string Logs = "logs";

    /// <summary>Request header carrying the admin token on operator requests sent through the public port.</summary>
    public const string OperatorHeader = "X-Deploy-Operator";

    /// <summary>Request header naming the slot an operator request must reach (with a valid <see cref="OperatorHeader"/>).</summary>
    public const string SlotHeader = "X-Deploy-Slot";

    /// <summary>Response header the edge adds to every proxied response: the slot that answered.</summary>
    public const string ServedByHeader = "X-Deploy-Served-By";

    /// <summary>The two slot names.</summary>
    public static readonly IReadOnlyList<string> SlotNames = ["blue", "green"];
}

/// <summary>Where a running edge listens; <c>edge.json</c>.</summary>
public sealed record EdgeEndpoint(int Pid, string Environment, int PublicPort, int AdminPort, DateTimeOffset StartedUtc, string Version);

/// <summary>One slot process the edge started, kept on disk so a restarted edge can end it if it outlived a killed edge.</summary>
public sealed record SlotProcessRecord(string Slot, int Pid, DateTimeOffset StartedUtc, string Command);
