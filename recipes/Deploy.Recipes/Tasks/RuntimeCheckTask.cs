using Cake.Common.Diagnostics;
using Deploy.Recipes.Hosting;
using Deploy.Recipes.Releases;

namespace Deploy.Recipes.Tasks;

/// <summary>
/// Proves the packaged release can run on this machine's .NET before anything changes: it runs after Package and
/// before the staging clone, validation, migrations and any slot start.
/// </summary>
[TaskName("RuntimeCheck")]
[TaskDescription("Checks that the packaged release's .NET runtime (or a roll-forward of it) is installed, before anything changes.")]
[IsDependentOn(typeof(PackageTask))]
public sealed class RuntimeCheckTask : RecipeTask<DeployContext>
{
    /// <inheritdoc />
    public override void Run(DeployContext context)
    {
        var artifact = ReleasePackaging.Folder(context);
        var manifest = ReleaseManifest.LoadFromArtifact(artifact);
        var file = Path.Combine(artifact, "app", manifest.App + ".runtimeconfig.json");
        if (!File.Exists(file))
        {
            context.Information("RuntimeCheck: {0} has no {1}, so there is no runtime to check.", manifest.App, Path.GetFileName(file));
            return;
        }

        AppRuntimeConfig config;
        try
        {
            config = AppRuntimeConfig.Parse(File.ReadAllText(file));
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new RecipeUsageException($"{file} cannot be read: {e.Message}. Package the release again (--target=Package).");
        }

        var verdict = RuntimeCheck.Judge(manifest.App, config, InstalledRuntimes.OfThisHost(), RollForward(context));
        context.Information("RuntimeCheck: release {0}: {1}.", manifest.Version, verdict);
        if (context.Hosts.Count > 0)
            Targets.Ssh.SshTarget.CheckHostsAsync(context).GetAwaiter().GetResult();
    }

    // The app's process gets the app settings over the environment it inherits from this process (through the edge).
    private static (string Value, string From)? RollForward(DeployContext context)
    {
        var fromApp = context.Settings.AppSettings.Select(item => item.Split('=', 2))
            .LastOrDefault(pair => pair.Length == 2 && pair[0].Trim() == RuntimeFit.RollForwardVariable);
        if (fromApp != null)
            return (fromApp[1].Trim(), "app-settings");
        var inherited = Environment.GetEnvironmentVariable(RuntimeFit.RollForwardVariable);
        return string.IsNullOrWhiteSpace(inherited) ? null : (inherited, "the environment of this run");
    }
}
