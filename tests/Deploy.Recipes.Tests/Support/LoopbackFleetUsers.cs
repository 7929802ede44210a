using System.Diagnostics;
using System.Runtime.Versioning;
using System.Text.RegularExpressions;

namespace Deploy.Recipes.Tests.Support;

/// <summary>
/// The Unix users a <see cref="LoopbackFleet"/> creates, one per host, and the processes running as them.
/// Names are <c>drf{fleet id}h{host index}</c> (the fleet id is random), so fixtures never share a user, and a user
/// left behind by a killed run is recognised by its fleet's lock no longer being held.
/// </summary>
[SupportedOSPlatform("linux")]
internal static partial class LoopbackFleetUsers
{
    public static string NameFor(string fleetId, int index) => $"drf{fleetId}h{index}";

    /// <summary>Creates the user with its own group and home under /home; a password of '*' lets sshd accept its key (a locked '!' would not).</summary>
    public static void Create(string user)
    {
        Run("useradd", ["--create-home", "--shell", "/bin/bash", "--user-group", user]);
        Run("usermod", ["-p", "*", user]);
    }

    /// <summary>Ends every process running as the user, then removes the user, its group and its home.</summary>
    public static void Delete(string user)
    {
        if (UidOf(user) is not { } uid)
            return;
        EndProcessesOf(uid);
        var removed = ProcessRun.Start("userdel", ["--remove", "--force", user], "/", timeout: TimeSpan.FromSeconds(30));
        // userdel refuses while a process of the user is still starting: end them again and retry once.
        if (removed.ExitCode != 0 && UidOf(user) != null)
        {
            EndProcessesOf(uid);
            ProcessRun.Start("userdel", ["--remove", "--force", user], "/", timeout: TimeSpan.FromSeconds(30));
        }
    }

    public static int? UidOf(string user)
    {
        foreach (var line in File.ReadLines("/etc/passwd"))
        {
            var fields = line.Split(':');
            if (fields.Length > 2 && fields[0] == user)
                return int.Parse(fields[2]);
        }

        return null;
    }

    /// <summary>The fixture users in /etc/passwd, by fleet id.</summary>
    public static ILookup<string, string> AllByFleet() =>
        File.ReadLines("/etc/passwd")
            .Select(line => line.Split(':')[0])
            .Select(name => (name, match: FixtureUser().Match(name)))
            .Where(user => user.match.Success)
            .ToLookup(user => user.match.Groups["fleet"].Value, user => user.name);

    /// <summary>PIDs of the live processes whose real uid is <paramref name="uid"/>, read from /proc.</summary>
    public static IReadOnlyList<int> ProcessesOf(int uid)
    {
        var found = new List<int>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), out var pid))
                continue;
            try
            {
                var status = File.ReadLines(Path.Combine(folder, "status")).ToList();
                var uidLine = status.FirstOrDefault(l => l.StartsWith("Uid:"));
                // A zombie has ended already; only its parent can reap it (here PID 1 may be slow to), and it holds nothing.
                var zombie = status.Any(l => l.StartsWith("State:") && l.Contains("Z (zombie)"));
                if (!zombie && uidLine != null && int.Parse(uidLine.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1]) == uid)
                    found.Add(pid);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The process ended while being read.
            }
        }

        return found;
    }

    /// <summary>Kills the user's processes by PID until none is left (a dying parent may have started another).</summary>
    public static void EndProcessesOf(int uid)
    {
        for (var round = 0; round < 20; round++)
        {
            var pids = ProcessesOf(uid);
            if (pids.Count == 0)
                return;
            foreach (var pid in pids)
                Kill(pid);
            Thread.Sleep(100);
        }
    }

    public static void Kill(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill();
            process.WaitForExit(5_000);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Already gone.
        }
    }

    private static void Run(string file, string[] arguments)
    {
        var run = ProcessRun.Start(file, arguments, "/", timeout: TimeSpan.FromSeconds(30));
        if (run.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed ({run.ExitCode}): {run.All}");
    }

    [GeneratedRegex("^drf(?<fleet>[0-9a-f]{8})h[0-9]+$")]
    private static partial Regex FixtureUser();
}
