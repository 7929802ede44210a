namespace Deploy.Recipes.Audit;

/// <summary>The four DORA figures of an environment over a window, with what they were computed from (see <see cref="DoraComputation"/>).</summary>
/// <param name="Environment">The environment.</param>
/// <param name="FromUtc">The window's start (releases started before it are not counted).</param>
/// <param name="ToUtc">The window's end (now).</param>
/// <param name="Releases">Releases started in the window that ended (succeeded or failed): the change failure rate's denominator.</param>
/// <param name="InProgress">Releases started in the window that have not ended yet (a paused canary, say): counted nowhere.</param>
/// <param name="Deployments">Releases that succeeded (went live and passed their checks and watch).</param>
/// <param name="DeploymentsPerDay">Deployments divided by the window's days.</param>
/// <param name="FrequencyTier">Its level.</param>
/// <param name="LeadTimeMedian">Median over the deployed commits of commit time to live; null with no commit known.</param>
/// <param name="LeadTimeCommits">How many commits the median is over.</param>
/// <param name="DeploymentsWithoutCommits">Deployments whose commits could not be read (no range recorded, or git does not hold it).</param>
/// <param name="LeadTimeTier">Its level, when there is a median.</param>
/// <param name="FailedReleases">Ended releases that failed, were switched back, aborted or rolled back.</param>
/// <param name="ChangeFailureRate">Failed releases over ended releases; null when none ended.</param>
/// <param name="ChangeFailureTier">Its level.</param>
/// <param name="RecoveryMedian">Median of failure to a good release live; null when no failure was recovered.</param>
/// <param name="Recoveries">How many recoveries the median is over.</param>
/// <param name="Unrecovered">Failures detected in the window with no recovery recorded yet.</param>
/// <param name="RecoveryTier">Its level, when there is a median.</param>
public sealed record DoraMetrics(
    string Environment,
    DateTimeOffset FromUtc,
    DateTimeOffset ToUtc,
    int Releases,
    int InProgress,
    int Deployments,
    double DeploymentsPerDay,
    DoraTier FrequencyTier,
    TimeSpan? LeadTimeMedian,
    int LeadTimeCommits,
    int DeploymentsWithoutCommits,
    DoraTier? LeadTimeTier,
    int FailedReleases,
    double? ChangeFailureRate,
    DoraTier? ChangeFailureTier,
    TimeSpan? RecoveryMedian,
    int Recoveries,
    int Unrecovered,
    DoraTier? RecoveryTier);
