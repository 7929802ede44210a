using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace Deploy.Recipes.Targets.Local;

/// <summary>
/// How the edge is started so that it outlives the CI job that deployed it. Always: in a session of its own (setsid),
/// with its own output, and without the job's variables (see <c>CiJobVariables</c>). Where systemd runs, also in a
/// transient scope unit of its own (<c>systemd-run --scope</c>; <c>--user</c> when not root, which needs lingering),
/// so a runner service stopped or restarted by systemd, which takes its control group down with it, cannot take the
/// edge along. A scope (not a service) because systemd-run then execs the edge in place, so the recipe keeps its PID,
/// and because a scope lasts while any process in it runs: slot processes outlive a crashed edge, to be adopted.
/// </summary>
/// <param name="Unit">The scope unit's name (without <c>.scope</c>), or null when systemd is not used.</param>
/// <param name="UserManager">Whether the scope belongs to the user's systemd manager (not root).</param>
/// <param name="Why">Why systemd is or is not used, for the report.</param>
public sealed record OutsideJobLaunch(string? Unit, bool UserManager, string Why)
{
    /// <summary>Detached with setsid only.</summary>
    public static OutsideJobLaunch Detached(string why) => new(null, false, why);

    /// <summary>The command that starts <paramref name="program"/> (argv) this way, to run under setsid.</summary>
    public IReadOnlyList<string> Command(IReadOnlyList<string> program) => Unit == null
        ? program
        : ["systemd-run", .. UserManager ? new[] { "--user" } : [], "--scope", "--quiet", "--collect", $"--unit={Unit}", "--", .. program];

    /// <summary>A unit name for an edge: the environment, a digest of its state folder (two checkouts never share one), and a start time.</summary>
    public static string UnitName(string environment, string edgeFolder, DateTimeOffset now) =>
        $"deploy-edge-{environment}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(edgeFolder)))[..8]}-{now.ToUnixTimeSeconds()}";

    /// <summary>
    /// Uses systemd when it runs here (<c>/run/systemd/system</c> exists) and a trial <c>systemd-run --scope true</c>
    /// works: as root with the system manager, otherwise with the user's manager, only when the user lingers (else
    /// the user's manager, and the edge with it, would stop when the user's last session ends).
    /// </summary>
    public static OutsideJobLaunch Detect(string unit)
    {
        if (OperatingSystem.IsWindows())
            return Detached("not on Linux");
        if (!Directory.Exists("/run/systemd/system"))
            return Detached("systemd is not running on this machine");
        var uid = EffectiveUserId();
        var user = uid != 0;
        if (user && !File.Exists(Path.Combine("/var/lib/systemd/linger", Environment.UserName)))
            return Detached($"user {Environment.UserName} does not linger (as root: loginctl enable-linger {Environment.UserName})");
        var trial = Run(["systemd-run", .. user ? new[] { "--user" } : [], "--scope", "--quiet", "--collect", "--", "true"], uid);
        return trial == null
            ? new OutsideJobLaunch(unit, user, user ? "systemd user manager (lingering)" : "systemd")
            : Detached($"systemd-run does not work here ({trial})");
    }

    // Null when the command succeeded; else why not.
    private static string? Run(IReadOnlyList<string> command, int uid)
    {
        try
        {
            var start = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in command.Skip(1))
                start.ArgumentList.Add(argument);
            if (uid != 0 && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR")))
                start.Environment["XDG_RUNTIME_DIR"] = $"/run/user/{uid}"; // how systemd-run --user finds the manager
            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEndAsync();
            process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(10_000))
            {
                process.Kill(entireProcessTree: true);
                return "it did not finish within 10 s";
            }

            return process.ExitCode == 0 ? null : $"exit {process.ExitCode}: {error.Result.Trim()}";
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return e.Message;
        }
    }

    /// <summary>The effective user id, from /proc/self/status ("Uid: real effective saved fs").</summary>
    public static int EffectiveUserId()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("Uid:", StringComparison.Ordinal))
                return int.Parse(line.Split('\t', StringSplitOptions.RemoveEmptyEntries)[2], System.Globalization.CultureInfo.InvariantCulture);
        }

        return -1;
    }
}
