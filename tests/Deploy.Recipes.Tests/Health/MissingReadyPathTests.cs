using Deploy.Recipes.Health;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Health;

/// <summary>When a 404 on the ready path means "no such endpoint" rather than "still starting": pure, on given instants.</summary>
public sealed class MissingReadyPathTests
{
    private static TimeSpan At(double seconds) => TimeSpan.FromSeconds(seconds);

    [Test]
    public void Only_404s_for_the_patience_mean_the_path_is_missing()
    {
        TimeSpan? streak = null;
        foreach (var second in new[] { 1.0, 2.0, 3.0, 4.0 })
            streak = MissingReadyPath.Streak(streak, 404, At(second));

        Assert.That(streak, Is.EqualTo(At(1)));
        Assert.That(MissingReadyPath.IsMissing(streak, At(4)), Is.True);
        Assert.That(MissingReadyPath.IsMissing(streak, At(3.9)), Is.False);
    }

    [TestCase(503)]
    [TestCase(null)]
    public void Any_other_answer_or_none_breaks_the_run_of_404s(int? other)
    {
        var streak = MissingReadyPath.Streak(null, 404, At(0));
        streak = MissingReadyPath.Streak(streak, other, At(2));
        streak = MissingReadyPath.Streak(streak, 404, At(3));

        Assert.That(MissingReadyPath.IsMissing(streak, At(5)), Is.False, "the run started again at 3 s");
        Assert.That(MissingReadyPath.IsMissing(streak, At(6)), Is.True);
    }

    [Test]
    public void The_explanation_quotes_the_health_check_to_map_for_the_configured_path_and_the_setting()
    {
        var text = MissingReadyPath.Explain("/ready", "Release r-1 in slot blue");

        Assert.That(text, Does.StartWith("Release r-1 in slot blue answers 404 Not Found on its ready path /ready"));
        Assert.That(text, Does.Contain("builder.Services.AddHealthChecks();").And.Contain("app.MapHealthChecks(\"/ready\");").And.Contain("set ready-path"));
    }
}
