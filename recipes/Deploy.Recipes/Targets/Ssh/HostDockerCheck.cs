namespace Deploy.Recipes.Targets.Ssh;

/// <summary>
/// Whether a host can run image releases: its <c>docker</c> CLI answers and reaches its daemon (at <c>docker-host</c>
/// when set). Asked before anything changes on any host, so a host without Docker refuses the release naming itself,
/// not halfway through a rollout.
/// </summary>
public static class HostDockerCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>The daemon's version on the host; throws naming the host, the cause and what it needs otherwise.</summary>
    public static async Task<string> CheckAsync(SshSession session, string dockerHost, CancellationToken cancel)
    {
        string[] daemon = dockerHost.Length == 0 ? [] : ["--host", dockerHost];
        var result = await session.RunAsync("exec " + ShellQuote.Command(["docker", .. daemon, "version", "--format", "{{.Server.Version}}"]), Timeout, cancel);
        if (result.ExitCode == 0 && result.Output.Trim().Length > 0)
            return result.Output.Trim();
        throw new InvalidOperationException(Refusal(session.Host.Name, dockerHost, result));
    }

    /// <summary>The refusal for a host whose <c>docker version</c> ended as <paramref name="result"/>. Pure.</summary>
    public static string Refusal(string host, string dockerHost, HostCommandResult result)
    {
        var daemon = dockerHost.Length == 0 ? "its default daemon" : $"the daemon at {dockerHost} (setting 'docker-host')";
        var why = result.ExitCode == 127
            ? "it has no 'docker' command"
            : $"its docker CLI cannot reach {daemon}: {string.Join(" / ", (result.Error.Length > 0 ? result.Error : result.Output).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(3))}";
        return $"Host {host} cannot run image releases (artifact=image): {why}. A host needs the docker CLI and a running Docker daemon the SSH user may use. Nothing was changed on any host.";
    }
}
