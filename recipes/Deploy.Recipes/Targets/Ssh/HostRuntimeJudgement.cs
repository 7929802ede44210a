using Deploy.Recipes.Hosting;
using Deploy.Recipes.Releases;

namespace Deploy.Recipes.Targets.Ssh;

/// <summary>
/// Can a host run the release and the edge? Judged from what the host's runtime probe printed (<see cref="HostCommands.RuntimeProbe"/>):
/// the <c>dotnet</c> host it found and its <c>--list-runtimes</c>, with .NET's own roll-forward rules (<see cref="RuntimeFit"/>). Pure.
/// </summary>
public static class HostRuntimeJudgement
{
    /// <summary>What the probe found: the dotnet host's path (null when none) and its runtimes.</summary>
    public sealed record Probe(string? Dotnet, InstalledRuntimes Runtimes);

    /// <summary>Reads the probe's output: a first line <c>dotnet=&lt;path&gt;</c> (or <c>dotnet=none</c>), then <c>dotnet --list-runtimes</c>.</summary>
    public static Probe Read(string output)
    {
        var lines = output.Split('\n', StringSplitOptions.TrimEntries);
        var first = lines.FirstOrDefault(l => l.StartsWith("dotnet=", StringComparison.Ordinal));
        var path = first?["dotnet=".Length..];
        return new Probe(string.IsNullOrEmpty(path) || path == "none" ? null : path,
            InstalledRuntimes.FromListRuntimes(string.Join('\n', lines.Where(l => !l.StartsWith("dotnet=", StringComparison.Ordinal)))));
    }

    /// <summary>
    /// Returns the dotnet host to start the edge with; throws <see cref="RecipeUsageException"/> naming the host and
    /// what is missing when the release or the edge could not run there.
    /// </summary>
    /// <param name="host">The host's name.</param>
    /// <param name="probe">What the host's probe found.</param>
    /// <param name="needs">What must run there: the release's name and runtimeconfig, then the edge's.</param>
    /// <param name="rollForward">The <c>DOTNET_ROLL_FORWARD</c> the app gets from app-settings, if any.</param>
    public static string Judge(string host, Probe probe, IReadOnlyList<(string What, AppRuntimeConfig Config)> needs, string? rollForward)
    {
        var frameworks = string.Join(" and ", needs.SelectMany(n => n.Config.Frameworks).Select(f => $"{f.Name} {f.Version}").Distinct());
        if (probe.Dotnet == null)
            throw new RecipeUsageException(
                $"Host {host} has no .NET runtime: no dotnet on its PATH nor in $DOTNET_ROOT, /usr/share/dotnet, /usr/lib/dotnet, /usr/local/share/dotnet, /opt/dotnet or ~/.dotnet. " +
                $"Install the runtime it needs ({(frameworks.Length == 0 ? "the .NET runtime" : frameworks)}; the ASP.NET Core Runtime package brings both) on {host}. Nothing was changed on any host.");
        RollForwardPolicy? policy;
        try
        {
            policy = RuntimeFit.ParsePolicy(rollForward);
        }
        catch (FormatException bad)
        {
            throw new RecipeUsageException($"{RuntimeFit.RollForwardVariable} in app-settings is not valid: {bad.Message}.");
        }

        var missing = new List<string>();
        foreach (var (what, config) in needs.Where(n => !n.Config.SelfContained))
        {
            // The edge is the recipe's own program: the app's roll-forward setting is not given to it.
            var choices = RuntimeFit.Judge(config, probe.Runtimes.Versions, what == "the edge" ? null : policy);
            missing.AddRange(choices.Where(c => c.Chosen == null).Select(c => $"{c.Reference.Name} {c.Reference.Version} (for {what}, roll-forward {c.Policy})"));
        }

        if (missing.Count > 0)
        {
            var major = missing[0].Split(' ')[1].Split('.')[0];
            throw new RecipeUsageException(
                $"Host {host} cannot run the release: it lacks {string.Join(" and ", missing.Distinct())}. Installed there ({probe.Dotnet}): {probe.Runtimes.Describe()}. " +
                $"Install the ASP.NET Core {major} runtime on {host}{(needs.Count > 0 ? $", or add {RuntimeFit.RollForwardVariable}=Major to app-settings when the app may run on a newer one" : "")}. Nothing was changed on any host.");
        }

        return probe.Dotnet;
    }
}
