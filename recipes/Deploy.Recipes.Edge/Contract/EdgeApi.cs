namespace Deploy.Recipes.Edge.Contract;

// The admin API, served on 127.0.0.1:<AdminPort>. Every call needs "Authorization: Bearer <token>" (else 401).
// JSON bodies use camelCase. Errors are 4xx/5xx with an ApiError body whose Message says what was wrong.
//
//   GET    /admin/state                         -> EdgeState
//   PUT    /admin/slots/{slot}                  StartSlot -> SlotState     409 if the slot runs a process
//                                                                          (StartSlot.Backend: route to an address the
//                                                                          recipe runs, e.g. a container; start nothing;
//                                                                          400 naming backend.<field> if it is unusable,
//                                                                          see SlotBackendCheck)
//   GET    /admin/free-port                     -> FreeLoopbackPort        a loopback port free on the edge's host now
//   DELETE /admin/slots/{slot}?drainSeconds=N   -> SlotState (empty)       weight to 0, wait in-flight <= N s, stop
//                                                                          (a backend: its StopCommand, at most 30 s)
//   GET    /admin/slots/{slot}/log?lines=N      -> text: the last N (1-500, default 20) lines of the slot's log
//                                                  (a backend: its LogCommand's output, at most 10 s)
//   PUT    /admin/slots/{slot}/stop-at          StopAt -> SlotState        schedule (or cancel with null) a drain+stop
//   PUT    /admin/traffic                       Traffic -> EdgeState       409 if a weight > 0 names a slot not running
//                                                                          (Traffic.Canary names the canary slot of a split)
//   PUT    /admin/maintenance                   Maintenance -> EdgeState
//   GET    /admin/metrics                       -> EdgeMetrics
//   GET    /metrics                             -> Prometheus text format 0.0.4 (names in EdgeMetricNames)
//   POST   /admin/shutdown                      -> 202; drains and stops every slot, then the edge exits

/// <summary>Start a release's process in a slot. The edge picks a free loopback port and sets ASPNETCORE_URLS.</summary>
/// <param name="Release">Release id, for logs and state.</param>
/// <param name="Version">Version the release reports.</param>
/// <param name="AppDirectory">Absolute folder of the published app; the process's working directory.</param>
/// <param name="EntryAssembly">The app's DLL file name within <paramref name="AppDirectory"/>, run with <c>dotnet</c>.</param>
/// <param name="Environment">Extra environment variables for the process (may hold secrets: never logged).</param>
/// <param name="Backend">
/// When set, the edge starts no process: the release already runs outside it (a container the recipe started) and the
/// edge only routes to it, probes, drains and measures, as kamal-proxy is handed a target. <paramref name="AppDirectory"/>
/// and <paramref name="EntryAssembly"/> are then ignored (may be empty) and <paramref name="Environment"/> is unused.
/// </param>
public sealed record StartSlot(string Release, string Version, string AppDirectory, string EntryAssembly, IReadOnlyDictionary<string, string> Environment,
    SlotBackend? Backend = null);

/// <summary>
/// A release the edge routes to but did not start (a container). The edge knows nothing of containers: it is told the
/// port the release listens on (127.0.0.1), a name for logs and Status, and the commands that end it and read its log,
/// which it runs on its own host as it would signal or read a process it started.
/// </summary>
/// <param name="Port">The loopback port the release listens on (see <c>GET /admin/free-port</c>).</param>
/// <param name="Name">What runs there, for logs and Status (a container's name).</param>
/// <param name="StopCommand">Argv run after the slot is drained to end the release (e.g. <c>docker stop --time 10 NAME</c>);
/// it must be safe to run twice and succeed when the release already ended.</param>
/// <param name="LogCommand">Argv whose standard output and error are the release's log; every argument equal to
/// <c>{lines}</c> becomes the number of lines wanted (e.g. <c>docker logs --tail {lines} NAME</c>).</param>
/// <param name="CommandEnvironment">Environment variables for both commands (e.g. DOCKER_HOST); never secrets.</param>
public sealed record SlotBackend(int Port, string Name, IReadOnlyList<string> StopCommand, IReadOnlyList<string> LogCommand,
    IReadOnlyDictionary<string, string>? CommandEnvironment = null);

/// <summary>A loopback port that was free on the edge's host when asked (for a release the recipe starts itself).</summary>
public sealed record FreeLoopbackPort(int Port);

/// <summary>Schedule a drain and stop of a slot at a time; <paramref name="StopAtUtc"/> null cancels. Skipped if the slot has traffic then.</summary>
public sealed record StopAt(DateTimeOffset? StopAtUtc, int DrainSeconds);

/// <summary>New traffic weights by slot name (0-100, summing to 100, or all 0). Applied atomically.</summary>
/// <param name="Weights">Weight by slot name.</param>
/// <param name="Canary">
/// The slot that carries a canary release (its role is <c>canary</c>, the other slot's <c>stable</c>), or null when no
/// canary runs (a slot with traffic is then <c>stable</c>). While two slots have weight, each customer is assigned to
/// one of them by the rollout cookie (<see cref="EdgeFiles.RolloutCookie"/>), so a customer stays on one release
/// for the whole canary.
/// </param>
public sealed record Traffic(IReadOnlyDictionary<string, int> Weights, string? Canary = null);

/// <summary>Maintenance mode: customers get 503 with Retry-After and the HTML message; /health/* and operator requests pass.</summary>
public sealed record Maintenance(bool On, string Message, int RetryAfterSeconds);

/// <summary>A slot: <c>empty</c>, <c>starting</c> (process started), <c>running</c>, <c>draining</c>, or <c>exited</c> (process ended by itself).</summary>
/// <remarks><c>Role</c>: <c>canary</c> for the slot <see cref="Traffic.Canary"/> named, <c>stable</c> for a slot with traffic that is not the canary, else null (from an older edge: always null).
/// <c>Backend</c>: for a release the edge routes to but did not start (<see cref="SlotBackend"/>), its name (a container); <c>Pid</c> is then null.</remarks>
public sealed record SlotState(
    string Name,
    SlotStatus Status,
    string? Release,
    string? Version,
    int? Port,
    int? Pid,
    DateTimeOffset? StartedUtc,
    int? ExitCode,
    int Weight,
    DateTimeOffset? StopAtUtc,
    string? LogFile,
    string? Role = null,
    string? Backend = null);

/// <summary>The edge's whole state.</summary>
public sealed record EdgeState(string Environment, int PublicPort, Maintenance Maintenance, IReadOnlyList<SlotState> Slots);

/// <summary>Cumulative counters of one slot since its process started.</summary>
/// <param name="Requests">Responses completed (any status, including proxy errors).</param>
/// <param name="Errors">Responses with status 500-599, including the edge's own 502/504 for this slot.</param>
/// <param name="InFlight">Requests being proxied to the slot now.</param>
/// <param name="LatencyBucketsMs">Upper bounds in ms of the histogram buckets (the last is +inf, sent as -1).</param>
/// <param name="LatencyCounts">Responses per bucket, same length as <paramref name="LatencyBucketsMs"/>.</param>
/// <param name="Customers">The same counts for customers' requests only: every request except operator requests
/// (those with the operator token and a slot, such as the recipe's smoke checks and readiness probes). Null from an
/// edge older than this field.</param>
/// <param name="OperatorRequests">Operator requests completed (counted in <paramref name="Requests"/>, never in <paramref name="Customers"/>).</param>
public sealed record SlotMetrics(
    long Requests, long Errors, int InFlight, IReadOnlyList<double> LatencyBucketsMs, IReadOnlyList<long> LatencyCounts,
    CustomerMetrics? Customers = null, long OperatorRequests = 0);

/// <summary>Customers' requests to one slot since its process started (operator requests excluded).</summary>
/// <param name="Requests">Responses completed (any status, including the edge's own 502/504).</param>
/// <param name="Errors">Of those, status 500-599.</param>
/// <param name="InFlight">Customer requests being proxied to the slot now.</param>
/// <param name="LatencyCounts">The other completed responses (not 5xx) per latency bucket (bounds: the slot's
/// <see cref="SlotMetrics.LatencyBucketsMs"/>), so a 5xx that was also slow is never counted twice:
/// <paramref name="Requests"/> = <paramref name="Errors"/> + the sum of these.</param>
/// <param name="OldestInFlightMs">How long the oldest customer request now in flight has been waiting, in ms (0 when none).</param>
/// <param name="InFlightAgeCounts">Customer requests now in flight per age bucket (same bounds): how many have waited how long.</param>
public sealed record CustomerMetrics(
    long Requests, long Errors, int InFlight, IReadOnlyList<long> LatencyCounts, double OldestInFlightMs, IReadOnlyList<long> InFlightAgeCounts);

/// <summary>Per-slot metrics by slot name.</summary>
public sealed record EdgeMetrics(IReadOnlyDictionary<string, SlotMetrics> Slots);

/// <summary>The body of any error response.</summary>
public sealed record ApiError(string Message);
