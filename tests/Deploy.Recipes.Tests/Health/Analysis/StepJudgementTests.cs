using Deploy.Recipes.Health.Analysis;
using Deploy.Recipes.Releases;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Health.Analysis;

/// <summary>Every path of one step's analysis, judged at chosen instants (no waiting).</summary>
public sealed class StepJudgementTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    private static readonly StepAnalysisPolicy Policy = new(
        Pause: TimeSpan.FromSeconds(20), Interval: TimeSpan.FromSeconds(5), MaxExtension: TimeSpan.FromSeconds(10), OnInconclusive: InconclusiveAction.Pause, MaxErrors: 2);

    private static readonly AnalysisVerdict Pass = new(AnalysisOutcome.Pass, null, "pass numbers");
    private static readonly AnalysisVerdict Fail = new(AnalysisOutcome.Fail, null, "fail numbers");
    private static readonly AnalysisVerdict Inconclusive = new(AnalysisOutcome.Inconclusive, null, "too little");
    private static readonly AnalysisVerdict Error = new(AnalysisOutcome.Error, null, "unreachable");

    [Test]
    public void A_pass_before_the_pause_ends_keeps_judging() =>
        Assert.That(Next(Pass, at: 5).Outcome, Is.Null);

    [Test]
    public void A_pass_when_the_pause_ends_passes_the_step()
    {
        var decision = Next(Pass, at: 20);

        Assert.That(decision.Outcome, Is.EqualTo(StepAnalysisOutcome.Passed));
        Assert.That(decision.Why, Does.Contain("pass numbers"));
    }

    [Test]
    public void A_fail_ends_the_step_at_once_quoting_the_verdict()
    {
        var decision = Next(Fail, at: 5);

        Assert.That(decision.Outcome, Is.EqualTo(StepAnalysisOutcome.Failed));
        Assert.That(decision.Why, Is.EqualTo("the canary failed: fail numbers"));
    }

    [Test]
    public void Inconclusive_when_the_pause_ends_extends_the_step() =>
        Assert.That(Next(Inconclusive, at: 20).Outcome, Is.Null);

    [Test]
    public void A_pass_during_the_extension_passes() =>
        Assert.That(Next(Pass, at: 25).Outcome, Is.EqualTo(StepAnalysisOutcome.Passed));

    [TestCase(InconclusiveAction.Pause, StepAnalysisOutcome.PausedInconclusive)]
    [TestCase(InconclusiveAction.Pass, StepAnalysisOutcome.Passed)]
    [TestCase(InconclusiveAction.Fail, StepAnalysisOutcome.Failed)]
    public void Still_inconclusive_after_the_extension_follows_on_inconclusive(InconclusiveAction action, StepAnalysisOutcome outcome)
    {
        var decision = StepJudgement.Next(StepJudgement.Start(Start), Inconclusive, Start.AddSeconds(30), Policy with { OnInconclusive = action });

        Assert.That(decision.Outcome, Is.EqualTo(outcome));
        Assert.That(decision.Why, Does.Contain($"on-inconclusive={action.ToString().ToLowerInvariant()}").And.Contain("too little"));
    }

    [Test]
    public void Errors_up_to_max_analysis_errors_are_retried()
    {
        var progress = StepJudgement.Start(Start);
        for (var i = 1; i <= 2; i++)
        {
            var decision = StepJudgement.Next(progress, Error, Start.AddSeconds(5 * i), Policy);
            Assert.That(decision.Outcome, Is.Null);
            progress = decision.Progress;
        }

        Assert.That(progress.ConsecutiveErrors, Is.EqualTo(2));
    }

    [Test]
    public void One_error_more_than_max_analysis_errors_aborts_quoting_the_error()
    {
        var progress = StepJudgement.Start(Start) with { ConsecutiveErrors = 2 };

        var decision = StepJudgement.Next(progress, Error, Start.AddSeconds(15), Policy);

        Assert.That(decision.Outcome, Is.EqualTo(StepAnalysisOutcome.AbortedOnErrors));
        Assert.That(decision.Why, Is.EqualTo("3 consecutive analysis errors > max-analysis-errors 2: unreachable"));
    }

    [Test]
    public void A_verdict_that_is_not_an_error_resets_the_error_count()
    {
        var progress = StepJudgement.Start(Start) with { ConsecutiveErrors = 2 };

        Assert.That(StepJudgement.Next(progress, Inconclusive, Start.AddSeconds(5), Policy).Progress.ConsecutiveErrors, Is.Zero);
    }

    [Test]
    public void An_error_when_the_pause_ends_keeps_judging_instead_of_deciding() =>
        Assert.That(Next(Error, at: 40).Outcome, Is.Null);

    [Test]
    public void Zero_max_analysis_errors_aborts_on_the_first_error() =>
        Assert.That(StepJudgement.Next(StepJudgement.Start(Start), Error, Start.AddSeconds(5), Policy with { MaxErrors = 0 }).Outcome,
            Is.EqualTo(StepAnalysisOutcome.AbortedOnErrors));

    [Test]
    public void The_next_verdict_is_one_interval_away() =>
        Assert.That(StepJudgement.WaitBeforeNext(StepJudgement.Start(Start), Start.AddSeconds(5), Policy), Is.EqualTo(TimeSpan.FromSeconds(5)));

    [Test]
    public void The_deciding_verdict_is_made_when_the_pause_ends_not_an_interval_later() =>
        Assert.That(StepJudgement.WaitBeforeNext(StepJudgement.Start(Start), Start.AddSeconds(18), Policy), Is.EqualTo(TimeSpan.FromSeconds(2)));

    [Test]
    public void A_manual_pause_is_judged_like_a_pause_of_one_interval()
    {
        var settings = new DeploySettings { AnalysisInterval = TimeSpan.FromSeconds(3) };

        Assert.That(StepAnalysisPolicy.From(settings, pause: null).Pause, Is.EqualTo(TimeSpan.FromSeconds(3)));
    }

    private static StepDecision Next(AnalysisVerdict verdict, double at) =>
        StepJudgement.Next(StepJudgement.Start(Start), verdict, Start.AddSeconds(at), Policy);
}
