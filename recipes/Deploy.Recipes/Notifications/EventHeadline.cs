namespace Deploy.Recipes.Notifications;

/// <summary>The one-line title every channel shows for an event, and whether it is good, bad or neither news.</summary>
public static class EventHeadline
{
    /// <summary>"Release 2.0.0 failed in production", "Maintenance on in staging", ...</summary>
    public static string Title(ReleaseEvent e)
    {
        var what = e.Version is { } version ? $"Release {version}" : "Release";
        return e.Kind switch
        {
            ReleaseEventKind.Started => $"{what} started in {e.Environment}",
            ReleaseEventKind.Paused => $"{what} paused in {e.Environment}: waiting for a person",
            ReleaseEventKind.Promoted => $"{what} promoted in {e.Environment}",
            ReleaseEventKind.Succeeded => $"{what} is live in {e.Environment}",
            ReleaseEventKind.Failed => $"{what} failed in {e.Environment}",
            ReleaseEventKind.SwitchedBack => $"{e.Environment} switched back after {what.ToLowerInvariant()} failed",
            ReleaseEventKind.RolledBack => $"{e.Environment} rolled back to {e.Version ?? "an earlier release"}",
            ReleaseEventKind.Aborted => $"{what} aborted in {e.Environment}",
            ReleaseEventKind.MaintenanceOn => $"Maintenance on in {e.Environment}",
            ReleaseEventKind.MaintenanceOff => $"Maintenance off in {e.Environment}",
            ReleaseEventKind.FlagChanged => $"Feature flag changed in {e.Environment}",
            _ => $"{e.Kind.Name()} in {e.Environment}",
        };
    }

    /// <summary>How the event reads: good (live, back on), bad (failed, switched back, aborted) or neutral.</summary>
    public static EventTone Tone(ReleaseEventKind kind) => kind switch
    {
        ReleaseEventKind.Succeeded or ReleaseEventKind.MaintenanceOff => EventTone.Good,
        ReleaseEventKind.Failed or ReleaseEventKind.SwitchedBack or ReleaseEventKind.Aborted => EventTone.Bad,
        ReleaseEventKind.RolledBack or ReleaseEventKind.MaintenanceOn or ReleaseEventKind.Paused => EventTone.Warning,
        _ => EventTone.Neutral,
    };
}

/// <summary>How an event reads, for a channel's colour or emoji.</summary>
public enum EventTone
{
    /// <summary>News with no judgement (started, promoted, a flag changed).</summary>
    Neutral,

    /// <summary>A release is live; customers reach the app again.</summary>
    Good,

    /// <summary>Someone should look (paused, rolled back, maintenance on).</summary>
    Warning,

    /// <summary>A release failed, was switched back from or aborted.</summary>
    Bad,
}
