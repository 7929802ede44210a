using System.Diagnostics;
using Deploy.Recipes.Hosting;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Hosting;

/// <summary>
/// A real SIGTERM sent to this test process while a host runs: the host takes it (the process lives on), the running
/// task sees <see cref="RunInterruption.Token"/> cancelled, no further task starts, and the run exits non-zero.
/// </summary>
public sealed class RunInterruptionTests
{
    [Test]
    public void Sigterm_during_a_task_lets_it_finish_starts_no_further_task_and_fails_the_run()
    {
        var run = HostRun.Of(host => host.AddTask<SignalledTask>().AddTask<AfterSignalledTask>(), "--target=AfterSignalled");

        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.Journal.Entries, Is.EqualTo(new[] { "Signalled: token cancelled by SIGTERM" }));
        Assert.That(run.Console.All, Does.Contain("Interrupted by SIGTERM: task AfterSignalled was not started."));
    }

    [Test]
    public void Sigterm_during_the_last_task_keeps_what_it_did_and_still_fails_the_run()
    {
        var run = HostRun.Of(host => host.AddTask<SignalledTask>(), "--target=Signalled");

        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.Journal.Entries, Is.EqualTo(new[] { "Signalled: token cancelled by SIGTERM" }));
        Assert.That(run.Console.All, Does.Contain("Interrupted by SIGTERM: the tasks that had started finished; nothing was undone."));
    }

    [Test]
    public void Outside_a_run_the_token_is_never_cancelled()
    {
        Assert.That(RunInterruption.Token.CanBeCanceled, Is.False);
        Assert.That(RunInterruption.Signal, Is.Null);
    }
}

[TaskName("Signalled")]
internal sealed class SignalledTask : RecipeTask<JournalContext>
{
    public override void Run(JournalContext context)
    {
        using (var kill = Process.Start("kill", ["-TERM", Environment.ProcessId.ToString()])!)
            kill.WaitForExit();
        var seen = RunInterruption.Token.WaitHandle.WaitOne(TimeSpan.FromSeconds(30));
        context.Journal.Add(seen ? $"Signalled: token cancelled by {RunInterruption.Signal}" : "Signalled: no cancellation seen");
    }
}

[TaskName("AfterSignalled")]
[IsDependentOn(typeof(SignalledTask))]
internal sealed class AfterSignalledTask : RecipeTask<JournalContext>
{
    public override void Run(JournalContext context) => context.Journal.Add("AfterSignalled");
}
