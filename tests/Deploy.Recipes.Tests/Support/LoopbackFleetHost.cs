using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Text;

namespace Deploy.Recipes.Tests.Support;

/// <summary>
/// One "server" of a <see cref="LoopbackFleet"/>: a real OpenSSH server on its own loopback address and port, with
/// its own host key, and its own Unix user and home, where the recipe keeps this host's releases, edge and state.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class LoopbackFleetHost
{
    private const string Sshd = "/usr/sbin/sshd";
    private Process? sshd;

    internal LoopbackFleetHost(int index, string user, IPAddress address, string folder)
    {
        Index = index;
        User = user;
        Address = address;
        Folder = folder;
        Port = FreePortOn(address);
    }

    public int Index { get; }

    /// <summary>The host's own Unix user: the recipe logs in as it, and everything it starts on the host runs as it.</summary>
    public string User { get; }

    public IPAddress Address { get; }

    /// <summary>sshd's port on <see cref="Address"/>; the same across <see cref="Stop"/> and <see cref="Start"/>.</summary>
    public int Port { get; }

    /// <summary>The host as the <c>hosts</c> setting names it: <c>user@address:port</c>.</summary>
    public string Target => $"{User}@{Address}:{Port}";

    /// <summary>The user's home: where the host keeps what the recipe puts on it.</summary>
    public string Home => $"/home/{User}";

    public int Uid => LoopbackFleetUsers.UidOf(User) ?? throw new InvalidOperationException($"The user {User} is gone.");

    /// <summary>The host key's SHA256 fingerprint as OpenSSH prints it (<c>SHA256:...</c>).</summary>
    public string HostKeyFingerprint
    {
        get
        {
            var blob = Convert.FromBase64String(PublicHostKey.Split(' ')[1]);
            return "SHA256:" + Convert.ToBase64String(SHA256.HashData(blob)).TrimEnd('=');
        }
    }

    /// <summary>This host's line in a known-hosts file: <c>[address]:port ssh-ed25519 AAAA...</c>.</summary>
    public string KnownHostsLine
    {
        get
        {
            var parts = PublicHostKey.Split(' ');
            return $"[{Address}]:{Port} {parts[0]} {parts[1]}";
        }
    }

    public bool IsRunning => sshd is { HasExited: false };

    /// <summary>PIDs of the processes running as the host's user (sessions, the edge, release instances).</summary>
    public IReadOnlyList<int> UserProcesses => LoopbackFleetUsers.ProcessesOf(Uid);

    /// <summary>The folder holding the host key, sshd's pid file and log (root's, outside the home).</summary>
    internal string Folder { get; }

    private string HostKeyFile => Path.Combine(Folder, "ssh_host_ed25519_key");

    private string PidFile => Path.Combine(Folder, "sshd.pid");

    private string LogFile => Path.Combine(Folder, "sshd.log");

    private string PublicHostKey => File.ReadAllText(HostKeyFile + ".pub").Trim();

    /// <summary>Creates the user, trusts the client key for it and makes the host key.</summary>
    internal void Provision(string clientPublicKey)
    {
        Directory.CreateDirectory(Folder);
        LoopbackFleetUsers.Create(User);
        var ssh = Path.Combine(Home, ".ssh");
        Directory.CreateDirectory(ssh);
        var authorizedKeys = Path.Combine(ssh, "authorized_keys");
        File.WriteAllText(authorizedKeys, clientPublicKey + "\n");
        File.SetUnixFileMode(ssh, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.SetUnixFileMode(authorizedKeys, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Checked(ProcessRun.Start("chown", ["-R", $"{User}:{User}", ssh], "/"));
        NewHostKey();
    }

    internal void NewHostKey()
    {
        File.Delete(HostKeyFile);
        File.Delete(HostKeyFile + ".pub");
        Checked(ProcessRun.Start("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", $"{User} host key", "-f", HostKeyFile], "/"));
    }

    /// <summary>Starts sshd in the foreground, every option on the command line, and waits until it greets on its port.</summary>
    internal void Start()
    {
        if (IsRunning)
            return;
        // sshd refuses to start without its privilege-separation folder (the Debian service creates it at boot).
        Directory.CreateDirectory("/run/sshd");
        var start = new ProcessStartInfo(Sshd)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in (string[])
                 [
                     "-D", "-f", "/dev/null", "-E", LogFile,
                     "-o", $"ListenAddress={Address}:{Port}",
                     "-o", $"HostKey={HostKeyFile}",
                     "-o", $"PidFile={PidFile}",
                     "-o", "UsePAM=no",
                     "-o", "AuthorizedKeysFile=.ssh/authorized_keys",
                     "-o", "StrictModes=yes",
                     "-o", $"AllowUsers={User}",
                     "-o", "PubkeyAuthentication=yes",
                     "-o", "PasswordAuthentication=no",
                     "-o", "KbdInteractiveAuthentication=no",
                     "-o", "PermitRootLogin=no",
                     "-o", "AllowTcpForwarding=yes",
                     "-o", "Subsystem=sftp internal-sftp",
                     // Many parallel sessions per host (uploads, forwards, commands) must not be dropped as a flood.
                     "-o", "MaxStartups=100",
                     "-o", "MaxSessions=100",
                     "-o", "LogLevel=VERBOSE",
                 ])
            start.ArgumentList.Add(argument);
        sshd = Process.Start(start)!;
        sshd.OutputDataReceived += (_, _) => { };
        sshd.ErrorDataReceived += (_, _) => { };
        sshd.BeginOutputReadLine();
        sshd.BeginErrorReadLine();
        WaitForGreeting();
    }

    /// <summary>
    /// Ends this host's sshd, by PID: the listener and its connection processes (so open sessions drop, as when a
    /// server's sshd dies), not the commands or the edge the sessions started.
    /// </summary>
    internal void Stop()
    {
        if (sshd == null)
            return;
        var listener = sshd.Id;
        if (!sshd.HasExited)
        {
            foreach (var child in SshdDescendantsOf(listener))
                LoopbackFleetUsers.Kill(child);
            LoopbackFleetUsers.Kill(listener);
        }

        sshd.Dispose();
        sshd = null;
        File.Delete(PidFile);
    }

    /// <summary>A listener left behind by a killed run of this fleet: found through its pid file, ended only if it is this fleet's sshd.</summary>
    internal static void EndLeftoverSshd(string hostFolder)
    {
        var pidFile = Path.Combine(hostFolder, "sshd.pid");
        if (!File.Exists(pidFile) || !int.TryParse(File.ReadAllText(pidFile).Trim(), out var pid))
            return;
        try
        {
            var commandLine = File.ReadAllText($"/proc/{pid}/cmdline");
            if (!commandLine.Contains(hostFolder, StringComparison.Ordinal))
                return;
        }
        catch (IOException)
        {
            return;
        }

        foreach (var child in SshdDescendantsOf(pid))
            LoopbackFleetUsers.Kill(child);
        LoopbackFleetUsers.Kill(pid);
    }

    private void WaitForGreeting()
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            if (sshd!.HasExited)
                throw new InvalidOperationException($"sshd for {Target} exited with {sshd.ExitCode}: {ReadLog()}");
            try
            {
                using var client = new TcpClient();
                client.Connect(Address, Port);
                client.ReceiveTimeout = 5_000;
                var buffer = new byte[64];
                var read = client.GetStream().Read(buffer);
                if (Encoding.ASCII.GetString(buffer, 0, read).StartsWith("SSH-2.0-", StringComparison.Ordinal))
                    return;
            }
            catch (Exception e) when (e is SocketException or IOException)
            {
                // Not listening yet.
            }

            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"sshd for {Target} did not greet within 15 s: {ReadLog()}");
            Thread.Sleep(50);
        }
    }

    private string ReadLog() => File.Exists(LogFile) ? File.ReadAllText(LogFile) : "(no sshd log)";

    /// <summary>The sshd processes below <paramref name="root"/> (connection monitors and session processes), from /proc.</summary>
    private static List<int> SshdDescendantsOf(int root)
    {
        var parents = new Dictionary<int, int>();
        var isSshd = new HashSet<int>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), out var pid))
                continue;
            try
            {
                // stat: "pid (comm) state ppid ..."; comm may hold spaces, so read after the last ')'.
                var stat = File.ReadAllText(Path.Combine(folder, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                parents[pid] = int.Parse(fields[1]);
                if (stat.Contains("(sshd)", StringComparison.Ordinal))
                    isSshd.Add(pid);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The process ended while being read.
            }
        }

        var found = new List<int>();
        var frontier = new Queue<int>([root]);
        while (frontier.TryDequeue(out var parent))
        {
            foreach (var (child, _) in parents.Where(p => p.Value == parent))
            {
                if (!isSshd.Contains(child))
                    continue;
                found.Add(child);
                frontier.Enqueue(child);
            }
        }

        return found;
    }

    private static int FreePortOn(IPAddress address)
    {
        using var listener = new TcpListener(address, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Checked(ProcessRun run)
    {
        if (run.ExitCode != 0)
            throw new InvalidOperationException($"Setting up a loopback host failed ({run.ExitCode}): {run.All}");
    }
}
