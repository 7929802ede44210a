using System.Collections.Concurrent;
using System.Diagnostics;
using Deploy.Recipes.Tests.Support;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Releases;

/// <summary>
/// Several real build programs (tests/Deploy.Recipes.LockContender) that try for one environment's lock at the same
/// moment: each starts, says READY, waits for the go file, then runs its Hold task, which keeps the lock until the
/// release file appears. Disposing ends only the processes started here.
/// </summary>
internal sealed class LockContenders : IDisposable
{
    private readonly List<(Process Process, ConcurrentQueue<string> Lines, bool ForceUnlock)> _runs = [];
    private readonly string _go;
    private readonly string _release;

    public LockContenders(string folder, IReadOnlyList<bool> forceUnlock)
    {
        _go = Path.Combine(folder, "go");
        _release = Path.Combine(folder, "release");
        foreach (var force in forceUnlock)
        {
            var start = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true,
            };
            foreach (var argument in new[] { Program, "--target=Hold", "--state-directory=state", $"--release-file={_release}" })
                start.ArgumentList.Add(argument);
            if (force)
                start.ArgumentList.Add("--force-unlock");
            start.Environment["LOCK_CONTENDER_GO"] = _go;
            start.Environment["DOTNET_NOLOGO"] = "1";
            var lines = new ConcurrentQueue<string>();
            var process = new Process { StartInfo = start };
            process.OutputDataReceived += (_, e) => { if (e.Data != null) lines.Enqueue(e.Data); };
            process.ErrorDataReceived += (_, e) => { if (e.Data != null) lines.Enqueue(e.Data); };
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            _runs.Add((process, lines, force));
        }
    }

    public static string Program { get; } = BuiltProject.Assembly(Path.Combine("tests", "Deploy.Recipes.LockContender"), "Deploy.Recipes.LockContender.dll");

    /// <summary>Waits until every contender waits at the start line, then lets them all go at once.</summary>
    public void StartTogether()
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (_runs.Any(r => !r.Lines.Contains("READY")) && DateTime.UtcNow < deadline)
            Thread.Sleep(20);
        Assert.That(_runs.All(r => r.Lines.Contains("READY")), Is.True, "every contender started: " + Output());
        File.WriteAllText(_go, "");
    }

    /// <summary>Waits until all but the holders have given up (a holder keeps the lock until released), and returns the holders' PIDs.</summary>
    public IReadOnlyList<int> Holders()
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            var holding = _runs.Where(r => r.Lines.Any(l => l.StartsWith("HOLDING", StringComparison.Ordinal))).ToList();
            if (_runs.Count(r => r.Process.HasExited) + holding.Count(r => !r.Process.HasExited) == _runs.Count && holding.Count > 0)
                break;
            if (_runs.All(r => r.Process.HasExited))
                break;
            Thread.Sleep(20);
        }

        return _runs.Where(r => r.Lines.Any(l => l.StartsWith("HOLDING", StringComparison.Ordinal))).Select(r => r.Process.Id).ToList();
    }

    /// <summary>The exit codes of the contenders that did not hold the lock.</summary>
    public IReadOnlyList<int> LoserExitCodes() =>
        _runs.Where(r => !r.Lines.Any(l => l.StartsWith("HOLDING", StringComparison.Ordinal))).Select(r => r.Process.ExitCode).ToList();

    /// <summary>Lets the holders go and waits for every contender to end; returns their exit codes.</summary>
    public IReadOnlyList<int> Release()
    {
        File.WriteAllText(_release, "");
        foreach (var run in _runs)
            run.Process.WaitForExit(TimeSpan.FromSeconds(60));
        return _runs.Select(r => r.Process.HasExited ? r.Process.ExitCode : -1).ToList();
    }

    public string Output() =>
        string.Join("\n", _runs.Select(r => $"[{r.Process.Id}{(r.ForceUnlock ? " --force-unlock" : "")}] {string.Join(" | ", r.Lines)}"));

    public void Dispose()
    {
        foreach (var (process, _, _) in _runs)
        {
            if (!process.HasExited)
                process.Kill(entireProcessTree: true);
            process.Dispose();
        }
    }

}
