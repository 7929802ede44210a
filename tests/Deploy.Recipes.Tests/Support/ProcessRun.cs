using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Deploy.Recipes.Tests.Support;

/// <summary>A finished child process: exit code and its output with colour codes removed.</summary>
internal sealed partial record ProcessRun(int ExitCode, string Out, string Error)
{
    public string All => Out + Error;

    /// <summary>Runs a command to completion; on timeout it kills the process tree it started and fails.</summary>
    public static ProcessRun Start(string file, IEnumerable<string> arguments, string workingDirectory,
        IDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            start.Environment[key] = value;

        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        var error = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data != null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (error) error.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var limit = timeout ?? TimeSpan.FromMinutes(5);
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException($"{file} {string.Join(' ', start.ArgumentList)} did not finish within {limit}:\n{output}\n{error}");
        }

        process.WaitForExit();
        return new ProcessRun(process.ExitCode, Plain(output.ToString()), Plain(error.ToString()));
    }

    private static string Plain(string text) => AnsiCodes().Replace(text, "");

    [GeneratedRegex(@"\x1b\[[0-9;]*m")]
    private static partial Regex AnsiCodes();
}
