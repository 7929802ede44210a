using System.Security.Cryptography;
using System.Text.Json;
using Deploy.Recipes.Edge.Contract;
using Deploy.Recipes.Releases;

namespace Deploy.Recipes.Targets.Ssh;

/// <summary>
/// The edge of one environment on one host: the same program as on the local target, installed by digest under
/// <c>~/.deploy/edge-bin/</c>, started so that it outlives the SSH session (<see cref="HostCommands.StartEdge"/>),
/// found again through its <c>edge.json</c> (read over SFTP, its PID checked on the host), stopped by Down.
/// </summary>
public sealed class RemoteEdge(SshSession session, HostPaths paths, FolderPlacement placement, Action<string> report)
{
    /// <summary>The edge program's file name.</summary>
    public const string Program = "Deploy.Recipes.Edge.dll";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private string File(string name) => $"{paths.Edge}/{name}";

    /// <summary>The running edge's endpoint (ports on the host), or null when none runs there.</summary>
    public async Task<EdgeEndpoint?> RunningAsync(CancellationToken cancel)
    {
        var text = session.ReadText(File(EdgeFiles.Endpoint));
        if (text == null)
            return null;
        EdgeEndpoint? endpoint;
        try
        {
            endpoint = JsonSerializer.Deserialize<EdgeEndpoint>(text, Json);
        }
        catch (JsonException)
        {
            return null;
        }

        return endpoint != null && (await session.RunAsync(HostCommands.IsEdge(endpoint.Pid), CommandTimeout, cancel)).ExitCode == 0 ? endpoint : null;
    }

    /// <summary>True when an edge died here without being stopped (its state file outlived it): it must be started again.</summary>
    public bool LeftStateBehind() => session.ReadText(File(EdgeFiles.State)) != null;

    /// <summary>How the running edge took over from one that died, if it did.</summary>
    public EdgeRecovery? LastRecovery(EdgeEndpoint running)
    {
        try
        {
            return session.ReadText(File(EdgeFiles.State)) is { } text && JsonSerializer.Deserialize<EdgeSavedState>(text, Json) is { } state && state.Pid == running.Pid
                ? state.Recovered
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The edge's admin token (made, owner-only, when there is none).</summary>
    public string Token()
    {
        var existing = session.ReadText(File(EdgeFiles.Token))?.Trim();
        if (!string.IsNullOrEmpty(existing))
            return existing;
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        session.WriteText(File(EdgeFiles.Token), token);
        return token;
    }

    /// <summary>
    /// Starts the edge with <paramref name="dotnet"/> on <paramref name="publicAddress"/>:<paramref name="publicPort"/>
    /// (installing the program first when the host lacks this version) and waits for its <c>edge.json</c>.
    /// </summary>
    public async Task<EdgeEndpoint> StartAsync(string dotnet, string publicAddress, int publicPort, CancellationToken cancel)
    {
        var source = Path.Combine(AppContext.BaseDirectory, "edge");
        if (!System.IO.File.Exists(Path.Combine(source, Program)))
            throw new FileNotFoundException($"The edge program is missing from {source}; rebuild the build program (the Deploy.Recipes package puts it there).");
        var (_, digest) = ReleaseManifest.Digest(source);
        var installed = $"{paths.EdgeBinaries}/{digest[..16]}";
        if (await placement.EnsureAsync(source, digest, installed, cancel))
            report($"Host {session.Host.Name}: installed the edge program ({digest[..12]}) in {installed}.");
        Token();

        // A stale edge.json (its edge is gone) must not be mistaken for the new edge's.
        await session.RunAsync($"rm -f {ShellQuote.Word(File(EdgeFiles.Endpoint))}", CommandTimeout, cancel);
        var unit = $"deploy-edge-{paths.Environment}-{DateTimeOffset.UtcNow:yyyyMMddHHmmss}";
        var how = (await session.RunCheckedAsync(HostCommands.StartEdge(dotnet, $"{installed}/{Program}", paths, publicPort, publicAddress, unit), "starting the edge", CommandTimeout, cancel)).Trim();

        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await RunningAsync(cancel) is { } endpoint)
            {
                report($"Host {session.Host.Name}: started the edge of '{paths.Environment}' (PID {endpoint.Pid}, {(how.StartsWith("systemd", StringComparison.Ordinal) ? $"systemd unit {how[8..].Trim()}" : "detached with setsid: the host runs no systemd")}) on {publicAddress}:{publicPort}.");
                return endpoint;
            }

            await Task.Delay(100, cancel);
        }

        var tail = await session.RunAsync($"tail -n 10 {ShellQuote.Word(File(EdgeFiles.Log))}", CommandTimeout, cancel);
        throw new InvalidOperationException($"Host {session.Host.Name}: the edge did not come up within {StartTimeout.TotalSeconds:0} s. Last lines of {File(EdgeFiles.Log)} there:\n{tail.Output.TrimEnd()}");
    }

    /// <summary>Ends the edge whose endpoint is <paramref name="running"/> (after an orderly shutdown request failed or timed out) and forgets it.</summary>
    public async Task EndAsync(EdgeEndpoint running, TimeSpan grace)
    {
        await session.RunAsync(HostCommands.EndEdge(running.Pid, (int)Math.Ceiling(grace.TotalSeconds)), grace + CommandTimeout);
        await session.RunAsync($"rm -f {ShellQuote.Word(File(EdgeFiles.Endpoint))} {ShellQuote.Word(File(EdgeFiles.State))}", CommandTimeout);
    }

    /// <summary>True once the edge with <paramref name="pid"/> has exited (waits up to <paramref name="timeout"/>).</summary>
    public async Task<bool> WaitForExitAsync(int pid, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while ((await session.RunAsync(HostCommands.IsEdge(pid), CommandTimeout)).ExitCode == 0)
        {
            if (DateTime.UtcNow > deadline)
                return false;
            await Task.Delay(100);
        }

        return true;
    }
}
