using Cake.Core;
using Cake.Core.IO;
using Cake.Core.Tooling;

namespace Deploy.Recipes.Docker;

/// <summary>
/// Runs the <c>docker</c> CLI on this machine the way Cake runs any tool (found on PATH or at
/// <see cref="ToolSettings.ToolPath"/>, with the settings' timeout, working directory and environment), capturing what
/// it prints so a failure can quote Docker's own reason.
/// </summary>
public sealed class DockerRunner(IFileSystem fileSystem, ICakeEnvironment environment, IProcessRunner processRunner, IToolLocator tools)
    : Tool<DockerSettings>(fileSystem, environment, processRunner, tools)
{
    /// <summary>
    /// Runs <c>docker</c> with <paramref name="argv"/> (from <see cref="DockerArguments"/>), writing
    /// <paramref name="standardInput"/> (a password, an env file) to its standard input. A non-zero exit throws a
    /// <see cref="CakeException"/> quoting its error output, unless the settings' <c>HandleExitCode</c> accepts it.
    /// </summary>
    public DockerOutput Run(DockerSettings settings, IReadOnlyList<string> argv, string? standardInput = null)
    {
        var arguments = new ProcessArgumentBuilder();
        foreach (var argument in argv)
            arguments.Append(new ArgvArgument(argument));
        var process = new ProcessSettings
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // Only when there is input: Cake's standard-input payload does not take null.
        if (standardInput != null)
            process.StandardInput = standardInput;
        DockerOutput? result = null;
        Run(settings, arguments, process, ran => result = new DockerOutput(
            ran.GetExitCode(), string.Join('\n', ran.GetStandardOutput()), string.Join('\n', ran.GetStandardError())));
        var output = result ?? throw new CakeException("docker: the process ended without a result.");
        if (output.ExitCode != 0 && settings.HandleExitCode?.Invoke(output.ExitCode) != true)
            throw new CakeException($"docker {Subcommand(argv)} failed (exit code {output.ExitCode}): {Reason(output)}");
        return output;
    }

    /// <summary>Exit codes are judged by <see cref="Run(DockerSettings, IReadOnlyList{string}, string?)"/>, which can quote the error output.</summary>
    protected override void ProcessExitCode(int exitCode)
    {
    }

    /// <inheritdoc />
    protected override string GetToolName() => "Docker";

    /// <inheritdoc />
    protected override IEnumerable<string> GetToolExecutableNames() => ["docker", "docker.exe"];

    private static string Subcommand(IReadOnlyList<string> argv)
    {
        var i = 0;
        while (i < argv.Count && argv[i] is "--host" or "--config")
            i += 2;
        return i < argv.Count ? argv[i] : "";
    }

    private static string Reason(DockerOutput output)
    {
        var text = (output.Error.Trim().Length > 0 ? output.Error : output.Output).Trim();
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 0 ? "(no output)" : string.Join(" | ", lines.TakeLast(5));
    }
}
