using System.Globalization;
using Deploy.Recipes.Hosting;
using Deploy.Recipes.Releases;

namespace Deploy.Recipes.Health;

/// <summary>
/// The settings that define the post-switch gate, checked before any task runs: a release must never go live
/// unverified by accident (a <c>--verify-time=0</c> left in a CI file), only when <c>--skip-verification</c> says so.
/// </summary>
public static class VerificationSettings
{
    /// <summary>True when the run releases without post-switch verification (<c>--verify-time=0 --skip-verification</c>).</summary>
    public static bool Skipped(DeploySettings settings) => Skipped(settings, settings.VerifyTime);

    /// <summary>True when a verification window of <paramref name="window"/> is skipped (0 with <c>--skip-verification</c>).</summary>
    public static bool Skipped(DeploySettings settings, TimeSpan window) => window == TimeSpan.Zero && settings.SkipVerification;

    /// <summary>The limits the gate judges against.</summary>
    public static VerificationLimits Limits(DeploySettings settings) => new(settings.MaxErrorRate, settings.MaxLatency);

    /// <summary>Throws <see cref="RecipeUsageException"/> naming the bad value and what would be valid.</summary>
    public static void Check(DeploySettings settings)
    {
        if (settings.VerifyTime < TimeSpan.Zero)
            throw new RecipeUsageException($"Setting 'verify-time' is {Seconds(settings.VerifyTime)}: use a window in seconds, such as 10.");
        if (settings.VerifyTime == TimeSpan.Zero && !settings.SkipVerification)
            throw new RecipeUsageException(
                "Setting 'verify-time' is 0 s, which would put a release live unverified. Use a window in seconds, such as --verify-time=10, " +
                "or add --skip-verification to release without post-switch verification (the audit records that it was skipped).");
        if (settings.WaveVerifyTime < TimeSpan.Zero || (settings.WaveVerifyTime == TimeSpan.Zero && !settings.SkipVerification))
            throw new RecipeUsageException(
                $"Setting 'wave-verify-time' is {Seconds(settings.WaveVerifyTime)}: use a window in seconds above 0, such as 10 " +
                "(0 only with --skip-verification, which releases without post-switch verification).");
        if (settings.MaxLatency <= TimeSpan.Zero)
            throw new RecipeUsageException($"Setting 'max-latency' is {Seconds(settings.MaxLatency)}: use a duration above 0 in seconds, such as 5.");
    }

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";
}
