using Deploy.Recipes.Hosting;

namespace Deploy.Recipes.Releases;

/// <summary>
/// Refuses, before anything changes, a packaged release that the .NET host here could not start: its runtimeconfig
/// asks for a runtime that is not installed and no roll-forward policy in force reaches an installed one.
/// </summary>
public static class RuntimeCheck
{
    /// <summary>
    /// Returns what each framework resolves to; throws <see cref="RecipeUsageException"/> naming the runtime needed, the
    /// installed ones and the <c>DOTNET_ROLL_FORWARD</c> escape hatch.
    /// </summary>
    /// <param name="app">The app's name (its runtimeconfig is <c>&lt;app&gt;.runtimeconfig.json</c>).</param>
    /// <param name="config">The app's runtimeconfig.</param>
    /// <param name="installed">The runtimes of the host that starts releases.</param>
    /// <param name="rollForward">The <c>DOTNET_ROLL_FORWARD</c> the app's process gets (app-settings, else this process's) and where it comes from; null when none.</param>
    public static string Judge(string app, AppRuntimeConfig config, InstalledRuntimes installed, (string Value, string From)? rollForward)
    {
        if (config.SelfContained)
            return "self-contained: it brings its own runtime";
        RollForwardPolicy? policy;
        try
        {
            policy = RuntimeFit.ParsePolicy(rollForward?.Value);
        }
        catch (FormatException bad)
        {
            throw new RecipeUsageException($"{RuntimeFit.RollForwardVariable} from {rollForward!.Value.From} is not valid: {bad.Message}.");
        }

        var choices = RuntimeFit.Judge(config, installed.Versions, policy);
        var missing = choices.Where(c => c.Chosen == null).ToList();
        if (missing.Count == 0)
            return string.Join(", ", choices.Select(c => $"{c.Reference.Name} {c.Reference.Version} runs on {c.Chosen} (roll-forward {c.Policy})"));

        var needed = string.Join(" and ", missing.Select(c => $"{c.Reference.Name} {c.Reference.Version}"));
        var how = policy != null
            ? $"{RuntimeFit.RollForwardVariable}={rollForward!.Value.Value} (from {rollForward.Value.From})"
            : $"roll-forward {missing[0].Policy} (from {app}.runtimeconfig.json or .NET's default)";
        var major = missing.Select(c => c.Reference.Version.Split('.')[0]).First();
        throw new RecipeUsageException(
            $"The release cannot run here: {app} needs {needed}, and with {how} none of the installed runtimes fits. " +
            $"Installed ({installed.Where}): {installed.Describe()}. Install the .NET {major} runtime on this machine, or let the app run on a newer " +
            $"installed runtime by adding the entry {RuntimeFit.RollForwardVariable}=Major to the app-settings setting " +
            $"(e.g. --app-settings=\"...;{RuntimeFit.RollForwardVariable}=Major\", keeping the app's other settings). Nothing was changed.");
    }
}
