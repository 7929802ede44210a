using Deploy.Recipes.Hosting;
using Deploy.Recipes.Strategies;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Strategies;

/// <summary>How <c>abort-steps</c> takes a canary's traffic back (<see cref="AbortPlan"/>).</summary>
public sealed class AbortPlanTests
{
    [Test]
    public void Halving_halves_the_canary_weight_every_period_then_ends_at_zero()
    {
        var steps = AbortPlan.Parse("halve:5s").From(25);

        Assert.That(steps.Select(s => s.Weight), Is.EqualTo(new[] { 12, 6, 3, 1, 0 }));
        Assert.That(steps.Take(4).Select(s => s.Pause), Is.All.EqualTo(TimeSpan.FromSeconds(5)));
    }

    [Test]
    public void A_canary_at_one_percent_goes_straight_to_zero()
    {
        Assert.That(AbortPlan.Parse("halve:5s").From(1).Select(s => s.Weight), Is.EqualTo(new[] { 0 }));
    }

    [Test]
    public void Listed_steps_below_the_canary_weight_are_taken_and_never_raise_it()
    {
        var steps = AbortPlan.Parse("40%:5s,20%:2s,5%:1s,0%").From(25);

        Assert.That(steps, Is.EqualTo(new[] { new CanaryStep(20, TimeSpan.FromSeconds(2)), new CanaryStep(5, TimeSpan.FromSeconds(1)), new CanaryStep(0, TimeSpan.Zero) }));
    }

    [Test]
    public void Instant_goes_to_zero_at_once()
    {
        Assert.That(AbortPlan.Instant, Is.EqualTo(new[] { new CanaryStep(0, TimeSpan.Zero) }));
    }

    [TestCase("halve:never", "'never' is not a duration above 0")]
    [TestCase("halve:0", "'0' is not a duration above 0")]
    [TestCase("20%:5s,10%:5s", "the last step must be 0%")]
    [TestCase("10%:5s,20%:5s,0%", "step '20%:5s' does not fall below the step before it (10%)")]
    [TestCase("half", "step 'half' has no weight from 0% to 99%")]
    public void A_bad_abort_plan_is_refused_naming_it_and_what_would_be_valid(string text, string why)
    {
        var refused = Assert.Throws<RecipeUsageException>(() => AbortPlan.Parse(text))!;

        Assert.That(refused.Message, Does.StartWith($"Setting 'abort-steps' is '{text}'").And.Contain(why).And.Contain("halve:5s"));
    }
}
