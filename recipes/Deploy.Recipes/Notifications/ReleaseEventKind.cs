namespace Deploy.Recipes.Notifications;

/// <summary>
/// What happened to a release that people are told about (and that the audit records as <c>Release/&lt;name&gt;</c>,
/// the name being <see cref="ReleaseEventKinds.Name"/>: <c>started</c>, <c>switched-back</c>, ...).
/// </summary>
public enum ReleaseEventKind
{
    /// <summary>Deploy began moving a release towards customers (after the plan, before any slot or traffic changed).</summary>
    Started,

    /// <summary>A canary stopped at a step and waits for a person (<c>--target=Promote</c> or <c>--target=Abort</c>).</summary>
    Paused,

    /// <summary>An operator promoted a canary (to its next step, or with <c>--full</c> to all traffic).</summary>
    Promoted,

    /// <summary>The release took all traffic and passed its checks and its watch: it is live.</summary>
    Succeeded,

    /// <summary>The release failed (a check, a verdict, the watch, or the run itself) and is not live.</summary>
    Failed,

    /// <summary>Traffic went back to the previous release by itself after a failure.</summary>
    SwitchedBack,

    /// <summary>An operator rolled the environment back to an earlier release.</summary>
    RolledBack,

    /// <summary>An operator aborted a canary; the stable release kept or got back all traffic.</summary>
    Aborted,

    /// <summary>Customers see the maintenance page.</summary>
    MaintenanceOn,

    /// <summary>Customers reach the app again.</summary>
    MaintenanceOff,

    /// <summary>A feature flag changed (by an operator, or turned off automatically).</summary>
    FlagChanged,
}

/// <summary>The wire names of <see cref="ReleaseEventKind"/>: in audit steps, webhook payloads, reports and DORA.</summary>
public static class ReleaseEventKinds
{
    /// <summary>The audit step prefix of event records: <c>Release/started</c>, ...</summary>
    public const string AuditStepPrefix = "Release/";

    /// <summary>The kebab-case name of <paramref name="kind"/> (<c>switched-back</c>, <c>maintenance-on</c>).</summary>
    public static string Name(this ReleaseEventKind kind) => kind switch
    {
        ReleaseEventKind.Started => "started",
        ReleaseEventKind.Paused => "paused",
        ReleaseEventKind.Promoted => "promoted",
        ReleaseEventKind.Succeeded => "succeeded",
        ReleaseEventKind.Failed => "failed",
        ReleaseEventKind.SwitchedBack => "switched-back",
        ReleaseEventKind.RolledBack => "rolled-back",
        ReleaseEventKind.Aborted => "aborted",
        ReleaseEventKind.MaintenanceOn => "maintenance-on",
        ReleaseEventKind.MaintenanceOff => "maintenance-off",
        ReleaseEventKind.FlagChanged => "flag-changed",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>The kind named <paramref name="name"/> (as <see cref="Name"/> writes it), or null.</summary>
    public static ReleaseEventKind? Parse(string name) =>
        Enum.GetValues<ReleaseEventKind>().Cast<ReleaseEventKind?>().FirstOrDefault(k => k!.Value.Name() == name);
}
