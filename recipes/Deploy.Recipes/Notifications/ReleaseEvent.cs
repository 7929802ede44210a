using Deploy.Recipes.Audit;

namespace Deploy.Recipes.Notifications;

/// <summary>
/// Something that happened to a release, as every channel is told it and as the audit records it. Text fields are
/// already redacted of the run's secrets.
/// </summary>
/// <param name="Kind">What happened.</param>
/// <param name="TimeUtc">When.</param>
/// <param name="Environment">The environment.</param>
/// <param name="Actor">Who ran the command.</param>
/// <param name="Release">The release's id (<c>&lt;version&gt;-&lt;digest&gt;</c>), when the event concerns one.</param>
/// <param name="Version">The release's version, when the event concerns one.</param>
/// <param name="Summary">One line for people: "Release 1.4.0 failed its post-switch check: ...".</param>
/// <param name="Reason">Why (failures, switch-backs, rollbacks, aborts), when there is one.</param>
/// <param name="Changes">What the release brings since the live one (on <see cref="ReleaseEventKind.Started"/> and later events of the same run).</param>
/// <param name="EnvironmentUrl">Where customers reach the environment (the first host's public URL).</param>
/// <param name="LogUrl">The CI run that did it (GitHub Actions, GitLab CI), when known.</param>
/// <param name="Previous">The release that was live before (the one a switch-back or rollback returns to), when known.</param>
public sealed record ReleaseEvent(
    ReleaseEventKind Kind,
    DateTimeOffset TimeUtc,
    string Environment,
    string Actor,
    string? Release,
    string? Version,
    string Summary,
    string? Reason,
    ReleaseChanges? Changes,
    string? EnvironmentUrl,
    string? LogUrl,
    string? Previous = null);
