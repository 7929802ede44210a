using System.Net;
using System.Runtime.Versioning;

namespace Deploy.Recipes.Tests.Support;

/// <summary>
/// A fleet of Linux "servers" on this machine, for the SSH target's tests: N real OpenSSH servers, one per loopback
/// address 127.0.0.B, 127.0.0.B+1, ... (B chosen by the caller, so fixtures never share an address), each with its own
/// ed25519 host key and its own Unix user and home, so each host keeps its own releases, edge and state. One client key
/// logs in to all of them (<see cref="ClientKey"/>, the file a test passes as <c>ssh-key</c>); <see cref="KnownHosts"/>
/// lists every host's key as <c>[127.0.0.B]:port</c>.
/// </summary>
/// <remarks>
/// Needs root (useradd, sshd on a loopback address). Everything of one fleet sits in a folder under /tmp whose lock
/// file the fleet holds open while it lives: a user of a fleet whose lock nobody holds is a leftover of a killed run, and
/// the next fleet to start removes it (its processes, its sshd, the user and its home). Dispose ends only what this
/// fleet started: each sshd by its PID, and the processes running as the fleet's users (the edges and release instances
/// the recipe started on the hosts), found in /proc by uid.
/// </remarks>
[SupportedOSPlatform("linux")]
internal sealed class LoopbackFleet : IDisposable
{
    private const string FolderPrefix = "deploy-recipes-fleet-";
    private readonly FileStream lockFile;
    private bool disposed;

    private LoopbackFleet(string id, string folder, FileStream lockFile)
    {
        Id = id;
        Folder = folder;
        this.lockFile = lockFile;
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
    }

    /// <summary>The random id in the fleet's user names and folder.</summary>
    public string Id { get; }

    /// <summary>The fleet's folder (root's): client key, known-hosts file, each host's key, pid file and sshd log.</summary>
    public string Folder { get; }

    public IReadOnlyList<LoopbackFleetHost> Hosts { get; private set; } = [];

    /// <summary>The client's private key (ed25519, no passphrase) every host accepts.</summary>
    public string ClientKey => Path.Combine(Folder, "client_ed25519");

    /// <summary>A known-hosts file listing every host's key as it was when the fleet started.</summary>
    public string KnownHosts => Path.Combine(Folder, "known_hosts");

    /// <summary>The <c>hosts</c> setting naming every host: <c>user@address:port</c> joined by <c>;</c>.</summary>
    public string HostsSetting => string.Join(';', Hosts.Select(host => host.Target));

    public LoopbackFleetHost this[int index] => Hosts[index];

    /// <summary>
    /// Starts <paramref name="count"/> hosts on 127.0.0.<paramref name="firstAddress"/> and the addresses after it;
    /// removes leftovers of killed runs first, and everything it made again when starting fails halfway.
    /// </summary>
    public static LoopbackFleet Start(int count, int firstAddress)
    {
        if (count < 1 || firstAddress < 2 || firstAddress + count - 1 > 254)
            throw new ArgumentOutOfRangeException(nameof(firstAddress),
                $"{count} hosts from 127.0.0.{firstAddress} do not fit in 127.0.0.2-127.0.0.254.");
        if (!Environment.IsPrivilegedProcess)
            throw new InvalidOperationException("A loopback fleet needs root: it creates Unix users and runs sshd (run the tests as root, e.g. through ./test.sh with sudo).");

        RemoveLeftovers();
        var id = Guid.NewGuid().ToString("N")[..8];
        // The folder gets its final name only once its lock is held, so another fleet's clean-up never takes a fleet
        // that is being born for a leftover. FileShare.None takes an advisory lock on Unix: it is released when this
        // process dies, however it dies.
        var staging = Directory.CreateDirectory(Path.Combine("/tmp", "deploy-recipes-fleetstart-" + id)).FullName;
        File.SetUnixFileMode(staging, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var held = new FileStream(Path.Combine(staging, "fleet.lock"), FileMode.Create, FileAccess.ReadWrite, FileShare.None);
        var folder = Path.Combine("/tmp", FolderPrefix + id);
        Directory.Move(staging, folder);
        var fleet = new LoopbackFleet(id, folder, held);
        try
        {
            Checked(ProcessRun.Start("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "loopback fleet client", "-f", fleet.ClientKey], "/"));
            var clientPublicKey = File.ReadAllText(fleet.ClientKey + ".pub").Trim();
            fleet.Hosts = Enumerable.Range(0, count)
                .Select(i => new LoopbackFleetHost(i, LoopbackFleetUsers.NameFor(id, i),
                    IPAddress.Parse($"127.0.0.{firstAddress + i}"), Path.Combine(folder, "h" + i)))
                .ToList();
            foreach (var host in fleet.Hosts)
                host.Provision(clientPublicKey);
            fleet.WriteKnownHosts();
            foreach (var host in fleet.Hosts)
                host.Start();
            return fleet;
        }
        catch
        {
            fleet.Dispose();
            throw;
        }
    }

    /// <summary>Stops host <paramref name="index"/>'s sshd (and its open connections); the host's edge keeps serving.</summary>
    public void StopHost(int index) => Hosts[index].Stop();

    /// <summary>Starts host <paramref name="index"/>'s sshd again, on the same address, port and host key.</summary>
    public void StartHost(int index) => Hosts[index].Start();

    /// <summary>
    /// Gives host <paramref name="index"/> a new host key and restarts its sshd; <see cref="KnownHosts"/> keeps the
    /// old key, so the host now looks like a server that was replaced or is being impersonated.
    /// </summary>
    public void ChangeHostKey(int index)
    {
        Hosts[index].Stop();
        Hosts[index].NewHostKey();
        Hosts[index].Start();
    }

    /// <summary>Writes <see cref="KnownHosts"/> from the hosts' current keys.</summary>
    public void WriteKnownHosts() =>
        File.WriteAllLines(KnownHosts, Hosts.Select(host => host.KnownHostsLine));

    public void Dispose()
    {
        if (disposed)
            return;
        disposed = true;
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        foreach (var host in Hosts)
            host.Stop();
        foreach (var host in Hosts)
            LoopbackFleetUsers.Delete(host.User);
        lockFile.Dispose();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A process may still be releasing a file; /tmp is the OS's to reclaim.
        }
    }

    private void OnProcessExit(object? sender, EventArgs e) => Dispose();

    /// <summary>
    /// Removes what fleets whose lock nobody holds left behind (runs that were killed): their sshd, the processes of
    /// their users, the users and their homes, and their folder.
    /// </summary>
    private static void RemoveLeftovers()
    {
        var users = LoopbackFleetUsers.AllByFleet();
        var folderIds = Directory.EnumerateDirectories("/tmp", FolderPrefix + "*")
            .Select(folder => Path.GetFileName(folder)[FolderPrefix.Length..]);
        foreach (var id in users.Select(fleet => fleet.Key).Union(folderIds))
        {
            var folder = Path.Combine("/tmp", FolderPrefix + id);
            FileStream? probe = null;
            try
            {
                if (Directory.Exists(folder))
                    probe = new FileStream(Path.Combine(folder, "fleet.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                continue; // A live fleet holds it.
            }

            using (probe)
            {
                if (Directory.Exists(folder))
                    foreach (var hostFolder in Directory.EnumerateDirectories(folder, "h*"))
                        LoopbackFleetHost.EndLeftoverSshd(hostFolder);
                foreach (var user in users[id])
                    LoopbackFleetUsers.Delete(user);
            }

            if (Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
        }
    }

    private static void Checked(ProcessRun run)
    {
        if (run.ExitCode != 0)
            throw new InvalidOperationException($"Setting up the loopback fleet failed ({run.ExitCode}): {run.All}");
    }
}
