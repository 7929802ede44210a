using Deploy.Recipes.Health;
using Deploy.Recipes.Hosting;
using Deploy.Recipes.Releases;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Health;

/// <summary>The gate's settings are checked before any task runs.</summary>
public sealed class VerificationSettingsTests
{
    [Test]
    public void A_verify_time_of_zero_is_refused_naming_skip_verification()
    {
        var refused = Assert.Throws<RecipeUsageException>(() => VerificationSettings.Check(new DeploySettings { VerifyTime = TimeSpan.Zero }));

        Assert.That(refused!.Message, Does.Contain("'verify-time' is 0 s").And.Contain("--verify-time=10").And.Contain("--skip-verification"));
    }

    [Test]
    public void A_verify_time_of_zero_with_skip_verification_skips_verification()
    {
        var settings = new DeploySettings { VerifyTime = TimeSpan.Zero, SkipVerification = true };

        Assert.DoesNotThrow(() => VerificationSettings.Check(settings));
        Assert.That(VerificationSettings.Skipped(settings), Is.True);
    }

    [Test]
    public void Skip_verification_alone_does_not_skip_a_configured_window()
    {
        Assert.That(VerificationSettings.Skipped(new DeploySettings { SkipVerification = true }), Is.False);
    }

    [Test]
    public void A_max_latency_of_zero_is_refused()
    {
        var refused = Assert.Throws<RecipeUsageException>(() => VerificationSettings.Check(new DeploySettings { MaxLatency = TimeSpan.Zero }));

        Assert.That(refused!.Message, Does.Contain("'max-latency' is 0 s").And.Contain("such as 5"));
    }
}
