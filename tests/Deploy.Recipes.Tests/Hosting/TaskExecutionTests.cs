using NUnit.Framework;

namespace Deploy.Recipes.Tests.Hosting;

public sealed class TaskExecutionTests
{
    [Test]
    public void Dependencies_run_first_in_graph_order_and_dependees_before_the_task_they_name()
    {
        var run = HostRun.Of(h => HostRun.AllTasks(h), "--target=Third");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.Console.All);
        Assert.That(run.Journal.Entries, Is.EqualTo(new[] { "First", "Second", "Prepare", "Third" }));
        Assert.That(run.Console.Out, Does.Contain("Task").And.Contain("Duration").And.Contain("Succeeded"));
    }

    [Test]
    public void A_task_whose_ShouldRun_is_false_is_skipped_and_its_dependents_still_run()
    {
        var run = HostRun.Of(h => HostRun.AllTasks(h), "--target=AfterSkipped");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.Console.All);
        Assert.That(run.Journal.Entries, Is.EqualTo(new[] { "First", "AfterSkipped" }));
        Assert.That(run.Console.Out, Does.Contain("Skipped"));
    }

    [Test]
    public void Exclusive_runs_only_the_target()
    {
        var run = HostRun.Of(h => HostRun.AllTasks(h), "--target=Third", "--exclusive");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.Console.All);
        Assert.That(run.Journal.Entries, Is.EqualTo(new[] { "Third" }));
    }

    [Test]
    public void Dry_run_prints_the_plan_in_order_and_executes_nothing()
    {
        var run = HostRun.Of(h => HostRun.AllTasks(h).UseLifetime<JournalLifetime>(), "--target=Third", "--dryrun");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.Console.All);
        Assert.That(run.Journal.Entries, Is.Empty);
        var plan = run.Console.Out;
        Assert.That(plan, Does.Contain("1. First").And.Contain("2. Second").And.Contain("3. Prepare").And.Contain("4. Third"));
        Assert.That(plan.IndexOf("1. First"), Is.LessThan(plan.IndexOf("4. Third")));
        Assert.That(plan, Does.Contain("nothing was changed"));
    }

    [Test]
    public void An_unhandled_failure_stops_the_run_runs_Finally_and_exits_non_zero_with_a_one_line_reason()
    {
        var run = HostRun.Of(h => HostRun.AllTasks(h), "--target=AfterFailing");

        Assert.That(run.ExitCode, Is.Not.EqualTo(0));
        Assert.That(run.Journal.Entries, Is.EqualTo(new[] { "Failing.Finally" }));
        Assert.That(run.Console.Error, Does.Contain("Error: the payment provider timed out"));
    }

    [Test]
    public void An_overridden_OnError_handles_the_failure_as_Cake_does_and_the_run_goes_on()
    {
        var run = HostRun.Of(h => HostRun.AllTasks(h), "--target=AfterHandled");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.Console.All);
        Assert.That(run.Journal.Entries, Is.EqualTo(new[] { "OnError: handled failure", "AfterHandled" }));
    }

    [Test]
    public void An_OnError_that_throws_fails_the_run_with_its_own_message()
    {
        var run = HostRun.Of(h => HostRun.AllTasks(h), "--target=Rethrowing");

        Assert.That(run.ExitCode, Is.Not.EqualTo(0));
        Assert.That(run.Journal.Entries, Is.EqualTo(new[] { "rolled back" }));
        Assert.That(run.Console.Error, Does.Contain("Error: release failed and was rolled back: switch failed"));
    }

    [Test]
    public void Finally_runs_after_a_task_that_succeeded()
    {
        var run = HostRun.Of(h => HostRun.AllTasks(h), "--target=Succeeding");

        Assert.That(run.Journal.Entries, Is.EqualTo(new[] { "Succeeding", "Succeeding.Finally" }));
    }

    [Test]
    public void ContinueOnError_reports_the_failure_to_OnError_and_the_run_continues_and_succeeds()
    {
        var run = HostRun.Of(h => HostRun.AllTasks(h), "--target=AfterTolerated");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.Console.All);
        Assert.That(run.Journal.Entries, Is.EqualTo(new[] { "OnError: notification webhook down", "AfterTolerated" }));
    }

    [Test]
    public void Lifetime_setup_runs_before_the_first_task_and_teardown_after_the_last_even_on_failure()
    {
        var run = HostRun.Of(h => HostRun.AllTasks(h).UseLifetime<JournalLifetime>(), "--target=Failing");

        Assert.That(run.ExitCode, Is.Not.EqualTo(0));
        Assert.That(run.Journal.Entries, Is.EqualTo(new[] { "Setup", "Failing.Finally", "Teardown" }));
    }
}
