namespace Deploy.Recipes.Audit;

/// <summary>The performance levels of the DORA research's software delivery clusters.</summary>
public enum DoraTier
{
    /// <summary>The best of the four levels.</summary>
    Elite,

    /// <summary>Second.</summary>
    High,

    /// <summary>Third.</summary>
    Medium,

    /// <summary>The last.</summary>
    Low,
}

/// <summary>
/// Which level a figure reaches, by the thresholds of the 2023 Accelerate State of DevOps Report (DORA, Google Cloud),
/// "Software delivery performance" levels:
/// <list type="table">
/// <item><term>Deployment frequency</term><description>elite on demand (several a day); high between once a day and once a week; medium between once a week and once a month; low the same or less.</description></item>
/// <item><term>Change lead time</term><description>elite under a day; high one day to one week; medium one week to one month; low the same or more.</description></item>
/// <item><term>Change failure rate</term><description>elite 5%; high 10%; medium 15%; low 64%.</description></item>
/// <item><term>Failed deployment recovery time</term><description>elite under an hour; high under a day; medium one day to one week; low one to six months.</description></item>
/// </list>
/// The report gives medium and low the same frequency and lead-time ranges and gives rates as cluster values, not bounds;
/// a measured figure needs one answer, so the bounds here are: a level is reached when the figure is at least as good as
/// that level's edge (frequency at least once a day, a week, a month; lead time under a day, at most a week, at most
/// 30 days; failure rate at most 5, 10, 15%; recovery under an hour, under a day, at most a week), and anything worse is low.
/// </summary>
public static class DoraTiers
{
    /// <summary>The level of a deployment frequency given in deployments per day.</summary>
    public static DoraTier Frequency(double perDay) =>
        perDay >= 1 ? DoraTier.Elite : perDay >= 1.0 / 7 ? DoraTier.High : perDay >= 1.0 / 30 ? DoraTier.Medium : DoraTier.Low;

    /// <summary>The level of a median change lead time.</summary>
    public static DoraTier LeadTime(TimeSpan median) =>
        median < TimeSpan.FromDays(1) ? DoraTier.Elite : median <= TimeSpan.FromDays(7) ? DoraTier.High : median <= TimeSpan.FromDays(30) ? DoraTier.Medium : DoraTier.Low;

    /// <summary>The level of a change failure rate given as a share (0.05 is 5%).</summary>
    public static DoraTier ChangeFailureRate(double share) =>
        share <= 0.05 ? DoraTier.Elite : share <= 0.10 ? DoraTier.High : share <= 0.15 ? DoraTier.Medium : DoraTier.Low;

    /// <summary>The level of a median failed deployment recovery time.</summary>
    public static DoraTier Recovery(TimeSpan median) =>
        median < TimeSpan.FromHours(1) ? DoraTier.Elite : median < TimeSpan.FromDays(1) ? DoraTier.High : median <= TimeSpan.FromDays(7) ? DoraTier.Medium : DoraTier.Low;

    /// <summary>The level's name as text and JSON show it.</summary>
    public static string Name(this DoraTier tier) => tier.ToString().ToLowerInvariant();
}
