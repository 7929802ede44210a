using System.Diagnostics;
using Deploy.Recipes.Audit;
using Deploy.Recipes.Tests.Releases;
using Deploy.Recipes.Tests.Support;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Audit;

/// <summary>Several real processes append to one trail at the same moment (a Status beside a Deploy, say).</summary>
public sealed class AuditWriteLockTests
{
    private const int Processes = 3;
    private const int RecordsEach = 150;

    [Test]
    public void Processes_appending_to_one_trail_at_once_write_one_contiguous_chain()
    {
        using var folder = new TemporaryFolder("deploy-audit-processes-");
        var go = folder.Combine("go");
        var runs = Enumerable.Range(0, Processes).Select(_ => Start(folder.Path, go)).ToList();
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(90);
            while (runs.Any(r => !r.Ready.Task.IsCompleted) && DateTime.UtcNow < deadline)
                Thread.Sleep(20);
            File.WriteAllText(go, "");
            foreach (var run in runs)
                Assert.That(run.Process.WaitForExit(TimeSpan.FromSeconds(90)) && run.Process.ExitCode == 0, Is.True, "a writer ended well");

            var trail = folder.Combine("state", "audit", "local.jsonl");
            var verdict = AuditChain.Verify(File.ReadAllBytes(trail), File.ReadAllText(AuditAnchor.PathOf(trail)));
            Assert.That(verdict.Intact, Is.True, verdict.ToText(trail));
            Assert.That(verdict.Records, Is.EqualTo(Processes * RecordsEach));
        }
        finally
        {
            foreach (var run in runs.Where(r => !r.Process.HasExited))
                run.Process.Kill(entireProcessTree: true);
            foreach (var run in runs)
                run.Process.Dispose();
        }
    }

    private static (Process Process, TaskCompletionSource Ready) Start(string folder, string go)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { LockContenders.Program, "--target=AuditBurst", "--state-directory=state", $"--records={RecordsEach}" })
            start.ArgumentList.Add(argument);
        start.Environment["LOCK_CONTENDER_GO"] = go;
        start.Environment["DOTNET_NOLOGO"] = "1";
        var ready = new TaskCompletionSource();
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data == "READY") ready.TrySetResult(); };
        process.ErrorDataReceived += (_, _) => { };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return (process, ready);
    }
}
