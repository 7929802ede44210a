namespace Deploy.Recipes.Audit;

/// <summary>"What changed" as the plan prints it: a heading and indented lines, names only (never a setting's value).</summary>
public static class ReleaseChangesText
{
    /// <summary>The lines, starting with the heading.</summary>
    public static IReadOnlyList<string> Lines(ReleaseChanges changes)
    {
        var lines = new List<string>
        {
            changes.Previous == null ? "What changed: first release (nothing is live in the environment)." : $"What changed since the live release {changes.Previous}:",
        };
        if (changes.Commits is { } c)
        {
            var range = c.From == null ? $"all history up to {Short(c.To)}" : $"{Short(c.From)}..{Short(c.To)}";
            lines.Add(c.Count == 0
                ? $"  Commits: none ({range}: the same commit as the live release)"
                : $"  Commits: {c.Count} ({range}) by {string.Join(", ", c.Authors)}");
            if (c.Count > 0)
            {
                lines.Add($"    first: {c.First}");
                lines.Add($"    last:  {c.Last}");
                lines.AddRange(c.Subjects.Select(s => $"    - {s}"));
                if (c.Count > c.Subjects.Count)
                    lines.Add($"    ... and {c.Count - c.Subjects.Count} more");
            }
        }
        else
        {
            lines.Add("  Commits: unknown");
        }

        var migrationsUnknown = changes.Unknown?.Any(u => u.StartsWith("migrations:", StringComparison.Ordinal)) == true;
        lines.Add(changes.PendingMigrations.Count == 0
            ? migrationsUnknown ? "  Migrations pending: unknown" : "  Migrations pending: none"
            : $"  Migrations pending: {changes.PendingMigrations.Count}: {string.Join(", ", changes.PendingMigrations)}");
        var settings = new List<string>();
        if (changes.SettingsAdded.Count > 0)
            settings.Add("added " + string.Join(", ", changes.SettingsAdded));
        if (changes.SettingsRemoved.Count > 0)
            settings.Add("removed " + string.Join(", ", changes.SettingsRemoved));
        if (changes.SettingsChanged.Count > 0)
            settings.Add("changed " + string.Join(", ", changes.SettingsChanged));
        lines.Add($"  App settings (keys only): {(settings.Count == 0 ? "no change" : string.Join("; ", settings))}");
        lines.Add(changes.Digest.Length == 0
            ? $"  Artifact: not packaged yet{(changes.PreviousDigest == null ? "" : $" (live: sha256 {Short(changes.PreviousDigest)})")}"
            : changes.Digest == changes.PreviousDigest
                ? $"  Artifact: sha256 {Short(changes.Digest)}, the same as the live release's"
                : $"  Artifact: sha256 {Short(changes.Digest)} (live: {(changes.PreviousDigest == null ? "unknown" : "sha256 " + Short(changes.PreviousDigest))})");
        foreach (var unknown in changes.Unknown ?? [])
            lines.Add($"  Not known: {unknown}");
        return lines;
    }

    private static string Short(string sha) => sha.Length > 12 ? sha[..12] : sha;
}
