using System.Globalization;

namespace Deploy.Recipes.Targets.Ssh;

/// <summary>
/// Where a fleet's release history lives: on every host (<c>~/.deploy/&lt;environment&gt;/releases.json</c>, with
/// <c>releases.stamp</c>, the time it was written), so a fresh CI runner that has no <c>.deploy/</c> of its own still
/// knows what ran, what is live and what to roll back to, and no single host is needed to know it. At the start of a
/// run the newest copy among the reachable hosts becomes the local working copy (<c>.deploy/&lt;environment&gt;/releases.json</c>,
/// which <see cref="Releases.ReleaseHistory"/> reads and writes as on the local target); at the end of a run that
/// changed the environment the working copy is written back to every host it reached.
/// </summary>
public static class FleetHistory
{
    /// <summary>The stamp file beside a host's history copy.</summary>
    public static string StampOf(string history) => Path.ChangeExtension(history, ".stamp");

    /// <summary>
    /// The newest of the hosts' copies: the one with the latest stamp (a copy without a readable stamp counts as
    /// oldest); null when no host has one. Pure.
    /// </summary>
    public static (string Host, string Text)? Newest(IEnumerable<(string Host, string? Text, string? Stamp)> copies) =>
        copies.Where(c => c.Text != null)
            .Select(c => (c.Host, Text: c.Text!, When: DateTimeOffset.TryParse(c.Stamp?.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var when) ? when : DateTimeOffset.MinValue))
            .OrderByDescending(c => c.When)
            .Select(c => ((string Host, string Text)?)(c.Host, c.Text))
            .FirstOrDefault();

    /// <summary>A stamp for now.</summary>
    public static string Stamp(DateTimeOffset now) => now.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);
}
