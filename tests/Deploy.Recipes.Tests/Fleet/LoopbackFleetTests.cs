using System.Net.Sockets;
using Deploy.Recipes.Tests.Support;
using System.Runtime.Versioning;
using NUnit.Framework;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace Deploy.Recipes.Tests.Fleet;

/// <summary>
/// The loopback fleet the SSH target's tests run against: real sshd per host, logged in to with SSH.NET (the client
/// the recipe uses), each host its own key, user and home; stop, start, key change and clean-up do what they say.
/// </summary>
[TestFixture]
[NonParallelizable]
[SupportedOSPlatform("linux")]
public sealed class LoopbackFleetTests
{
    private const int FirstAddress = 240;
    private LoopbackFleet fleet = null!;

    [OneTimeSetUp]
    public void StartFleet() => fleet = LoopbackFleet.Start(2, FirstAddress);

    [OneTimeTearDown]
    public void EndFleet() => fleet?.Dispose();

    [Test]
    public void A_host_lets_the_client_key_in_as_its_own_user_in_its_own_home()
    {
        var host = fleet[0];

        var answer = Run(host, "id -un; echo $HOME; pwd");

        Assert.That(answer.Split('\n', StringSplitOptions.RemoveEmptyEntries),
            Is.EqualTo(new[] { host.User, host.Home, host.Home }));
    }

    [Test]
    public void Two_hosts_differ_in_address_host_key_user_and_home()
    {
        var (first, second) = (fleet[0], fleet[1]);

        Assert.Multiple(() =>
        {
            Assert.That(first.Address.ToString(), Is.EqualTo($"127.0.0.{FirstAddress}"));
            Assert.That(second.Address.ToString(), Is.EqualTo($"127.0.0.{FirstAddress + 1}"));
            Assert.That(HostKeySeen(first), Is.Not.EqualTo(HostKeySeen(second)));
            Assert.That(first.User, Is.Not.EqualTo(second.User));
            Assert.That(Run(first, "echo $HOME").Trim(), Is.Not.EqualTo(Run(second, "echo $HOME").Trim()));
        });
    }

    [Test]
    public void The_known_hosts_file_holds_the_key_each_host_presents_in_bracketed_address_port_form()
    {
        var lines = File.ReadAllLines(fleet.KnownHosts);

        Assert.That(lines, Has.Length.EqualTo(2));
        foreach (var host in fleet.Hosts)
        {
            var line = lines.Single(l => l.StartsWith($"[{host.Address}]:{host.Port} ", StringComparison.Ordinal));
            Assert.That(line.Split(' ')[1], Is.EqualTo("ssh-ed25519"));
            Assert.That(line.Split(' ')[2], Is.EqualTo(HostKeySeen(host).Blob));
            Assert.That(HostKeySeen(host).Fingerprint, Is.EqualTo(host.HostKeyFingerprint));
        }
    }

    [Test]
    public void The_hosts_setting_names_every_host_as_user_at_address_colon_port()
    {
        Assert.That(fleet.HostsSetting, Is.EqualTo(
            $"{fleet[0].User}@127.0.0.{FirstAddress}:{fleet[0].Port};{fleet[1].User}@127.0.0.{FirstAddress + 1}:{fleet[1].Port}"));
    }

    [Test]
    public void A_host_serves_sftp_and_forwards_a_local_port_to_its_loopback()
    {
        var host = fleet[1];
        using (var sftp = new SftpClient(Connection(host)))
        {
            sftp.HostKeyReceived += (_, e) => e.CanTrust = true;
            sftp.Connect();
            sftp.WriteAllText($"{host.Home}/uploaded.txt", "release");
        }

        Assert.That(Run(host, "cat ~/uploaded.txt; echo; stat -c %U ~/uploaded.txt").Split('\n')[..2],
            Is.EqualTo(new[] { "release", host.User }));

        // The forwarded port reaches the host's own sshd: proof the tunnel opens, with nothing else to start.
        using var client = Connected(host);
        var forward = new ForwardedPortLocal("127.0.0.1", 0, host.Address.ToString(), (uint)host.Port);
        client.AddForwardedPort(forward);
        forward.Start();
        using var tunnel = new TcpClient("127.0.0.1", (int)forward.BoundPort);
        var greeting = new byte[8];
        tunnel.GetStream().ReadExactly(greeting);
        Assert.That(System.Text.Encoding.ASCII.GetString(greeting), Is.EqualTo("SSH-2.0-"));
    }

    [Test]
    public void A_stopped_host_refuses_connections_and_drops_open_sessions_until_it_is_started_again()
    {
        using var open = Connected(fleet[0]);
        try
        {
            fleet.StopHost(0);

            Assert.That(fleet[0].IsRunning, Is.False);
            Assert.That(() => Run(fleet[0], "true"), Throws.InstanceOf<SocketException>().Or.InstanceOf<SshConnectionException>());
            Assert.That(() => open.RunCommand("true"), Throws.Exception);
            Assert.That(Run(fleet[1], "echo up").Trim(), Is.EqualTo("up"), "the other host is untouched");
        }
        finally
        {
            fleet.StartHost(0);
        }

        Assert.That(Run(fleet[0], "echo back").Trim(), Is.EqualTo("back"));
    }

    [Test]
    public void A_changed_host_key_no_longer_matches_the_known_hosts_file()
    {
        var before = HostKeySeen(fleet[1]);
        var knownHosts = File.ReadAllText(fleet.KnownHosts);

        fleet.ChangeHostKey(1);

        var after = HostKeySeen(fleet[1]);
        Assert.Multiple(() =>
        {
            Assert.That(after.Blob, Is.Not.EqualTo(before.Blob));
            Assert.That(after.Fingerprint, Is.EqualTo(fleet[1].HostKeyFingerprint));
            Assert.That(File.ReadAllText(fleet.KnownHosts), Is.EqualTo(knownHosts), "the known-hosts file keeps the old key");
            Assert.That(knownHosts, Does.Contain(before.Blob).And.Not.Contain(after.Blob));
        });
        fleet.WriteKnownHosts();
    }

    [Test]
    public void Disposing_ends_the_processes_left_running_as_the_hosts_users_and_removes_the_users()
    {
        var single = LoopbackFleet.Start(1, FirstAddress + 2);
        var host = single[0];
        // Detached from the session, as an edge is: it outlives the SSH connection that started it.
        Run(host, "setsid nohup sleep 600 >/dev/null 2>&1 < /dev/null & echo $! > ~/sleeper.pid", single.ClientKey);
        var sleeper = int.Parse(File.ReadAllText(Path.Combine(host.Home, "sleeper.pid")).Trim());
        Assert.That(Directory.Exists($"/proc/{sleeper}"), Is.True, "the detached process runs after its session ended");

        single.Dispose();

        Assert.Multiple(() =>
        {
            Assert.That(Directory.Exists($"/proc/{sleeper}"), Is.False, "the process left running as the host's user");
            Assert.That(LoopbackFleetUsers.UidOf(host.User), Is.Null, "the user");
            Assert.That(Directory.Exists(host.Home), Is.False, "the home");
            Assert.That(Directory.Exists(single.Folder), Is.False, "the fleet's folder");
            Assert.That(fleet[0].IsRunning && fleet[1].IsRunning, Is.True, "the other fleet's hosts");
        });
    }

    [Test]
    public void Starting_a_fleet_removes_the_users_a_killed_run_left_behind()
    {
        // A killed run leaves its users with no live fleet holding their lock.
        var leftover = LoopbackFleetUsers.NameFor("0dead0ff", 0);
        LoopbackFleetUsers.Create(leftover);

        using var next = LoopbackFleet.Start(1, FirstAddress + 3);

        Assert.Multiple(() =>
        {
            Assert.That(LoopbackFleetUsers.UidOf(leftover), Is.Null);
            Assert.That(LoopbackFleetUsers.UidOf(fleet[0].User), Is.Not.Null, "a live fleet's user stays");
        });
    }

    private string Run(LoopbackFleetHost host, string command) => Run(host, command, fleet.ClientKey);

    private static string Run(LoopbackFleetHost host, string command, string key)
    {
        using var client = Connected(host, key);
        var run = client.RunCommand(command);
        Assert.That(run.ExitStatus, Is.Zero, run.Error);
        return run.Result;
    }

    private SshClient Connected(LoopbackFleetHost host) => Connected(host, fleet.ClientKey);

    private static SshClient Connected(LoopbackFleetHost host, string key)
    {
        var client = new SshClient(Connection(host, key));
        // Checked against the fixture's own record of the key: the fixture test proves what the recipe will check.
        client.HostKeyReceived += (_, e) => e.CanTrust = "SHA256:" + e.FingerPrintSHA256 == host.HostKeyFingerprint;
        client.Connect();
        return client;
    }

    private ConnectionInfo Connection(LoopbackFleetHost host) => Connection(host, fleet.ClientKey);

    private static ConnectionInfo Connection(LoopbackFleetHost host, string key) =>
        new(host.Address.ToString(), host.Port, host.User, new PrivateKeyAuthenticationMethod(host.User, new PrivateKeyFile(key)))
        {
            Timeout = TimeSpan.FromSeconds(10),
        };

    private static (string Blob, string Fingerprint) HostKeySeen(LoopbackFleetHost host)
    {
        var seen = ("", "");
        using var client = new SshClient(Connection(host, Path.Combine(Path.GetDirectoryName(host.Folder)!, "client_ed25519")));
        client.HostKeyReceived += (_, e) =>
        {
            seen = (Convert.ToBase64String(e.HostKey), "SHA256:" + e.FingerPrintSHA256);
            e.CanTrust = true;
        };
        client.Connect();
        return seen;
    }
}
