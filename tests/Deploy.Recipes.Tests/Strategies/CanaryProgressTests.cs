using Deploy.Recipes.Releases;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Strategies;

/// <summary>The transitions of a canary's persisted progress (<see cref="CanaryProgress"/>).</summary>
public sealed class CanaryProgressTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);
    private static readonly CanaryProgress Started = CanaryProgress.Started("10%:manual,50%:20s", [new CanaryHost("local", "blue", "green")]);

    [Test]
    public void A_started_canary_has_no_traffic_and_is_in_progress()
    {
        Assert.That(Started.State, Is.EqualTo(CanaryState.Starting));
        Assert.That(Started.Weight, Is.EqualTo(0));
        Assert.That(Started.StepIndex, Is.EqualTo(-1));
        Assert.That(Started.InProgress, Is.True);
    }

    [Test]
    public void Each_step_records_its_index_weight_and_start_time()
    {
        var second = Started.Stepping(0, 10, Noon).Stepping(1, 50, Noon.AddSeconds(30));

        Assert.That(second.State, Is.EqualTo(CanaryState.Stepping));
        Assert.That((second.StepIndex, second.Weight), Is.EqualTo((1, 50)));
        Assert.That(second.StepStartsUtc, Is.EqualTo(new[] { Noon, Noon.AddSeconds(30) }));
    }

    [Test]
    public void A_step_never_goes_back()
    {
        var at = Started.Stepping(1, 50, Noon);

        Assert.Throws<InvalidOperationException>(() => at.Stepping(0, 10, Noon));
    }

    [Test]
    public void A_paused_canary_says_how_to_continue_and_stays_in_progress()
    {
        var paused = Started.Stepping(0, 25, Noon).Paused();

        Assert.That(paused.State, Is.EqualTo(CanaryState.Paused));
        Assert.That(paused.InProgress, Is.True);
        Assert.That(paused.Describe(), Is.EqualTo("paused at 25% (step 1): run --target=Promote or --target=Abort"));
    }

    [Test]
    public void A_paused_canary_takes_the_next_step_on_promote()
    {
        var next = Started.Stepping(0, 10, Noon).Paused().Stepping(1, 50, Noon.AddMinutes(5));

        Assert.That((next.State, next.Weight), Is.EqualTo((CanaryState.Stepping, 50)));
    }

    [Test]
    public void Only_a_canary_at_a_step_pauses()
    {
        Assert.Throws<InvalidOperationException>(() => Started.Paused());
    }

    [Test]
    public void Verdicts_are_kept_newest_last_and_only_the_last_few()
    {
        var judged = Enumerable.Range(1, CanaryProgress.KeptVerdicts + 3).Aggregate(Started.Stepping(0, 10, Noon), (p, i) => p.Judged($"verdict {i}"));

        Assert.That(judged.Verdicts, Has.Count.EqualTo(CanaryProgress.KeptVerdicts));
        Assert.That(judged.Verdicts[^1], Is.EqualTo($"verdict {CanaryProgress.KeptVerdicts + 3}"));
        Assert.That(judged.Verdicts[0], Is.EqualTo("verdict 4"));
    }

    [Test]
    public void An_abort_goes_down_through_its_weights_and_ends_aborted_at_zero()
    {
        var aborting = Started.Stepping(0, 25, Noon).Paused().Aborting();
        var aborted = aborting.At(12).At(0).Aborted();

        Assert.That(aborting.State, Is.EqualTo(CanaryState.Aborting));
        Assert.That(aborting.InProgress, Is.True, "an abort that dies halfway is finished by Abort");
        Assert.That((aborted.State, aborted.Weight, aborted.InProgress), Is.EqualTo((CanaryState.Aborted, 0, false)));
    }

    [Test]
    public void A_finished_canary_cannot_be_aborted_or_stepped()
    {
        var done = Started.Stepping(0, 10, Noon).Promoting(Noon, 2).Done();

        Assert.Throws<InvalidOperationException>(() => done.Aborting());
        Assert.Throws<InvalidOperationException>(() => done.Stepping(3, 100, Noon));
    }

    [Test]
    public void Promotion_takes_all_traffic_and_ends_done()
    {
        var promoting = Started.Stepping(0, 10, Noon).Paused().Promoting(Noon.AddMinutes(1), 2);
        var done = promoting.Done();

        Assert.That((promoting.State, promoting.Weight, promoting.StepIndex), Is.EqualTo((CanaryState.Promoting, 100, 2)));
        Assert.That((done.State, done.InProgress), Is.EqualTo((CanaryState.Done, false)));
    }

    [Test]
    public void Only_an_aborting_canary_ends_aborted_and_only_a_promoting_one_ends_done()
    {
        var stepping = Started.Stepping(0, 10, Noon);

        Assert.Throws<InvalidOperationException>(() => stepping.Aborted());
        Assert.Throws<InvalidOperationException>(() => stepping.Done());
    }
}
