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

    /// <summary>
    /// The slot processes the edge started (<see cref="SlotProcessRecord"/> list) with their routing, so an edge
    /// restarted after a crash can adopt the ones it proves are its own (and end what it cannot prove).
    /// </summary>
    public const string SlotProcesses = "slot-processes.json";

    /// <summary>
    /// The edge's own state (<see cref="EdgeSavedState"/>): its heartbeat and maintenance mode, rewritten every second
    /// and on every change; deleted on an orderly exit, so one left behind by a dead edge means the edge crashed.
    /// </summary>
    public const string State = "edge-state.json";

    /// <summary>Folder of slot logs: <c>logs/&lt;release&gt;.&lt;slot&gt;.log</c>.</summary>
    public const string Logs = "logs";

    /// <summary>Request header carrying the admin token on operator requests sent through the public port.</summary>
    public const string OperatorHeader = "X-Deploy-Operator";

    /// <summary>Request header naming the slot an operator request must reach (with a valid <see cref="OperatorHeader"/>).</summary>
    public const string SlotHeader = "X-Deploy-Slot";

    /// <summary>Response header the edge adds to every proxied response: the slot that answered.</summary>
    public const string ServedByHeader = "X-Deploy-Served-By";

    /// <summary>
    /// Response header the edge adds to operator-routed responses only: the release id of the slot that answered, so
    /// the recipe proves which release it reached without the app's help. Customers never get it.
    /// </summary>
    public const string ReleaseHeader = "X-Deploy-Release";

    /// <summary>
    /// Cookie the edge gives each customer on the first response during a canary (a random value): its hash puts the
    /// customer in one of 100 buckets, and buckets below the canary's weight go to the canary, so a customer stays on
    /// one release while the weight only grows (the split kamal-proxy makes). A request without it is assigned afresh.
    /// </summary>
    public const string RolloutCookie = "deploy_rollout";

    /// <summary>
    /// Request header pinning a request to one role for testing: <c>canary</c> or <c>stable</c> (the same value in the
    /// <see cref="PinCookie"/> cookie works from a browser). Pinned requests are counted apart from customers', so a
    /// tester never skews a canary's analysis. An unknown value is ignored.
    /// </summary>
    public const string PinHeader = "X-Deploy-Pin";

    /// <summary>Cookie form of <see cref="PinHeader"/>.</summary>
    public const string PinCookie = "deploy_pin";

    /// <summary>The two slot names.</summary>
    public static readonly IReadOnlyList<string> SlotNames = ["blue", "green"];
}

/// <summary>Where a running edge listens; <c>edge.json</c>.</summary>
public sealed record EdgeEndpoint(int Pid, string Environment, int PublicPort, int AdminPort, DateTimeOffset StartedUtc, string Version);

/// <summary>
/// One slot process the edge started, kept on disk so an edge restarted after a crash can adopt it: the PID, the
/// process's start time (clock ticks since boot, from /proc) and its command line together prove it is the same
/// process; the rest restores its routing. Fields after <paramref name="Command"/> are absent in files of older edges.
/// </summary>
/// <param name="Slot">Slot name.</param>
/// <param name="Pid">Process id.</param>
/// <param name="StartedUtc">When the edge started it.</param>
/// <param name="Command">"&lt;dotnet&gt; &lt;entry dll&gt;", the DLL last.</param>
/// <param name="StartTicks">The process's start time in clock ticks since boot (/proc/&lt;pid&gt;/stat field 22).</param>
/// <param name="Release">Release id.</param>
/// <param name="Version">Version the release reports.</param>
/// <param name="Port">Loopback port the app listens on.</param>
/// <param name="LogFile">The slot's log file.</param>
/// <param name="Status">Slot status (<c>starting</c>, <c>running</c>, <c>draining</c>).</param>
/// <param name="Weight">Traffic weight, 0-100.</param>
/// <param name="StopAtUtc">Scheduled drain and stop, if any.</param>
/// <param name="StopDrainSeconds">Drain time of the scheduled stop.</param>
/// <param name="Canary">Whether the slot is the canary of a split (<see cref="Traffic.Canary"/>).</param>
/// <param name="Backend">For a release the edge routes to but did not start (<see cref="StartSlot.Backend"/>): what it
/// was handed. <paramref name="Pid"/> is then 0, so an edge older than this field leaves the record alone.</param>
public sealed record SlotProcessRecord(
    string Slot,
    int Pid,
    DateTimeOffset StartedUtc,
    string Command,
    long? StartTicks = null,
    string? Release = null,
    string? Version = null,
    int? Port = null,
    string? LogFile = null,
    SlotStatus? Status = null,
    int Weight = 0,
    DateTimeOffset? StopAtUtc = null,
    int StopDrainSeconds = 0,
    bool Canary = false,
    SlotBackend? Backend = null);

/// <summary><c>edge-state.json</c>: the edge itself, as its successor needs it after a crash.</summary>
/// <param name="Pid">The edge's process id.</param>
/// <param name="PublicPort">The public port it serves.</param>
/// <param name="StartedUtc">When it started serving.</param>
/// <param name="AliveUtc">Heartbeat: the last time it was seen alive (rewritten every second).</param>
/// <param name="Maintenance">Maintenance mode in force.</param>
/// <param name="Recovered">Set when this edge replaced one that had died: what it found and adopted.</param>
public sealed record EdgeSavedState(int Pid, int PublicPort, DateTimeOffset StartedUtc, DateTimeOffset AliveUtc, Maintenance Maintenance, EdgeRecovery? Recovered);

/// <summary>How an edge took over from a predecessor that had died without an orderly exit.</summary>
/// <param name="DeadPid">The dead edge's process id.</param>
/// <param name="LastSeenAliveUtc">The dead edge's last heartbeat: it died at most a second after this.</param>
/// <param name="RestartedUtc">When this edge served customers again.</param>
/// <param name="Adopted">Slot processes adopted, e.g. "blue pid 1234 (release r-1)".</param>
/// <param name="Ended">Recorded processes that could not be proven the same and were ended, or were gone.</param>
public sealed record EdgeRecovery(int DeadPid, DateTimeOffset LastSeenAliveUtc, DateTimeOffset RestartedUtc, IReadOnlyList<string> Adopted, IReadOnlyList<string> Ended)
{
    /// <summary>How long customers had no edge, at most (from the last heartbeat to serving again).</summary>
    public TimeSpan Down => RestartedUtc - LastSeenAliveUtc;
}
