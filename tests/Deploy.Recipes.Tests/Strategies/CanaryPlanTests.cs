using Deploy.Recipes.Hosting;
using Deploy.Recipes.Strategies;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Strategies;

/// <summary>How <c>canary-steps</c> is read (<see cref="CanaryPlan"/>).</summary>
public sealed class CanaryPlanTests
{
    [Test]
    public void The_default_steps_end_with_the_promotion_to_100_percent()
    {
        var plan = CanaryPlan.Parse("5%:1m,25%:2m,50%:2m");

        Assert.That(plan.Steps, Is.EqualTo(new[]
        {
            new CanaryStep(5, TimeSpan.FromMinutes(1)), new CanaryStep(25, TimeSpan.FromMinutes(2)), new CanaryStep(50, TimeSpan.FromMinutes(2)),
            new CanaryStep(100, TimeSpan.Zero),
        }));
        Assert.That(plan.Promotion, Is.EqualTo(3));
    }

    [Test]
    public void A_manual_step_has_no_pause_and_a_step_without_pause_pauses_zero()
    {
        var plan = CanaryPlan.Parse("10%:manual, 30%, 60%:500ms");

        Assert.That(plan.Steps[0], Is.EqualTo(new CanaryStep(10, null)));
        Assert.That(plan.Steps[1], Is.EqualTo(new CanaryStep(30, TimeSpan.Zero)));
        Assert.That(plan.Steps[2], Is.EqualTo(new CanaryStep(60, TimeSpan.FromMilliseconds(500))));
    }

    [TestCase("", "it is empty")]
    [TestCase("5", "step '5' has no weight such as 25%")]
    [TestCase("5%:1m,100%:1m", "step '100%:1m' has weight 100%: use 1%-99%")]
    [TestCase("0%", "has weight 0%")]
    [TestCase("25%:1m,10%:1m", "step '10%:1m' does not rise above the step before it (25%)")]
    [TestCase("5%:soon", "step '5%:soon' has pause 'soon': use a duration (20s, 2m, 500ms) or manual")]
    public void A_bad_step_is_refused_naming_it_and_what_would_be_valid(string steps, string why)
    {
        var refused = Assert.Throws<RecipeUsageException>(() => CanaryPlan.Parse(steps))!;

        Assert.That(refused.Message, Does.StartWith($"Setting 'canary-steps' is '{steps}'").And.Contain(why).And.Contain("such as 5%:1m,25%:manual,50%:2m"));
    }
}
