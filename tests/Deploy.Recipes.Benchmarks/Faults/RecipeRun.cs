using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Deploy.Recipes.Benchmarks.Faults;

/// <summary>One ./build.sh run of the benchmark's environment, started in the background so a fault can hit it midway.</summary>
internal sealed partial class RecipeRun
{
    private readonly Process _process;
    private readonly Task<string> _output;
    private readonly Task<string> _error;

    private RecipeRun(Process process)
    {
        _process = process;
        _output = process.StandardOutput.ReadToEndAsync();
        _error = process.StandardError.ReadToEndAsync();
    }

    /// <summary>The PID: build.sh execs the build program, so it is the recipe's own process.</summary>
    public int Pid => _process.Id;

    public static RecipeRun Start(string root, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(Path.Combine(root, "build.sh")) { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in args)
            start.ArgumentList.Add(argument);
        return new RecipeRun(Process.Start(start)!);
    }

    /// <summary>Waits for the run to end: its exit code and its output with colours stripped.</summary>
    public (int ExitCode, string Output) Wait()
    {
        _process.WaitForExit();
        return (_process.ExitCode, Regex.Replace(_output.Result + _error.Result, @"\x1b\[[0-9;]*m", ""));
    }

    /// <summary>
    /// Waits until the audit trail holds a record of <paramref name="step"/> with <paramref name="outcome"/> written
    /// after <paramref name="since"/> (a line count), or the run ends first; true when the record appeared.
    /// </summary>
    public bool WaitForAudit(string auditFile, int since, string step, string outcome, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && !_process.HasExited)
        {
            if (File.Exists(auditFile) && ReadLines(auditFile).Skip(since).Any(line => Is(line, step, outcome)))
                return true;
            Thread.Sleep(20);
        }

        return false;
    }

    /// <summary>Lines in the audit trail now: the mark that <see cref="WaitForAudit"/> counts from.</summary>
    public static int AuditLines(string auditFile) => File.Exists(auditFile) ? ReadLines(auditFile).Count : 0;

    private static List<string> ReadLines(string file)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
    }

    private static bool Is(string line, string step, string outcome)
    {
        try
        {
            using var record = JsonDocument.Parse(line);
            return record.RootElement.GetProperty("step").GetString() == step && record.RootElement.GetProperty("outcome").GetString() == outcome;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
