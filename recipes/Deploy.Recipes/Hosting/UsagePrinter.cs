using Cake.Core;

namespace Deploy.Recipes.Hosting;

/// <summary>Prints <c>--help</c>: how to call the build, the host's options and every setting with its default.</summary>
internal sealed class UsagePrinter(IConsole console)
{
    public static readonly string[] HostOptions =
        ["target", "verbosity", "dryrun", "noop", "whatif", "exclusive", "tree", "description", "help", "version"];

    public void Print(IReadOnlyList<(SettingDescriptor Setting, string Default)> settings)
    {
        console.WriteLine("Usage: ./build.sh [--target=<task>] [options] [--<setting>=<value>]");
        console.WriteLine("");
        console.WriteLine("Options:");
        console.WriteLine("  -t, --target=<task>       Task to run (repeat for several); default: Default");
        console.WriteLine("  -v, --verbosity=<level>   quiet, minimal, normal, verbose or diagnostic; default: normal");
        console.WriteLine("      --dryrun              Print the plan in order; execute nothing");
        console.WriteLine("  -e, --exclusive           Run the target only, not its dependencies");
        console.WriteLine("      --tree                Print the task graph");
        console.WriteLine("      --description         Print each task's description");
        console.WriteLine("      --version             Print the recipe's and Cake's versions");
        console.WriteLine("  -h, --help                Print this text");
        if (settings.Count == 0)
            return;
        console.WriteLine("");
        console.WriteLine("Settings (Program.cs value, overridden by cake.config, then the environment variable, then --key=value):");
        var keyWidth = settings.Max(s => s.Setting.Key.Length) + 4;
        var envWidth = settings.Max(s => s.Setting.EnvironmentVariable.Length) + 2;
        foreach (var (setting, value) in settings)
        {
            console.WriteLine($"  --{setting.Key.PadRight(keyWidth - 2)}{setting.EnvironmentVariable.PadRight(envWidth)}{setting.Description}");
            console.WriteLine($"  {"".PadRight(keyWidth + envWidth)}default: {(value.Length == 0 ? "(empty)" : value)}; cake.config [{setting.Section}] {setting.Key}");
        }
    }
}
