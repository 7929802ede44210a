using System.Net;
using System.Net.Sockets;
using Deploy.Recipes.Targets.Ssh;
using Deploy.Recipes.Tests.Support;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Ssh;

/// <summary>
/// A connection that a host drops during the handshake (a busy sshd past its MaxStartups resets new connections) is
/// tried again; a host that keeps dropping them is reported unreachable, naming it. The host is a real sshd
/// (127.0.0.48) reached through a loopback relay (127.0.0.49) that resets the first connections it gets.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class SshConnectRetryTests
{
    private LoopbackFleet _fleet = null!;

    [OneTimeSetUp]
    public void StartHost() => _fleet = LoopbackFleet.Start(1, 48);

    [OneTimeTearDown]
    public void StopHost() => _fleet.Dispose();

    [Test]
    public async Task A_connection_reset_during_the_handshake_is_tried_again()
    {
        using var relay = new ResettingRelay(new IPEndPoint(_fleet[0].Address, _fleet[0].Port), resets: 2);

        using var session = await OpenThroughAsync(relay);

        Assert.That((await session.RunAsync("echo reached", TimeSpan.FromSeconds(30))).Output.Trim(), Is.EqualTo("reached"));
        Assert.That(relay.Connections, Is.EqualTo(4), "two reset connections, then the shell and the SFTP connection that logged in");
    }

    [Test]
    public void A_host_that_keeps_resetting_is_reported_unreachable_naming_it()
    {
        using var relay = new ResettingRelay(new IPEndPoint(_fleet[0].Address, _fleet[0].Port), resets: 10);

        var refused = Assert.ThrowsAsync<HostUnreachableException>(() => OpenThroughAsync(relay));

        Assert.That(refused!.Message, Does.Contain($"{_fleet[0].User}@127.0.0.49:{relay.Port}").And.Contain("cannot be reached"));
        Assert.That(relay.Connections, Is.EqualTo(3), "three attempts, no more");
    }

    private async Task<SshSession> OpenThroughAsync(ResettingRelay relay)
    {
        var host = SshHostAddress.Parse($"{_fleet[0].User}@127.0.0.49:{relay.Port}");
        using var known = new TemporaryFolder("deploy-ssh-retry-");
        var file = Path.Combine(known.Path, "known_hosts");
        // The relay's address vouches for the real host's key: the key exchange is the host's own.
        File.WriteAllText(file, $"[127.0.0.49]:{relay.Port} {string.Join(' ', _fleet[0].KnownHostsLine.Split(' ').Skip(1))}\n");
        var gate = new HostKeyGate(host, new KnownHostsFile(file).Entries, trustNewHosts: false);
        return await SshSession.OpenAsync(host, SshKeySource.Load(_fleet.ClientKey), gate, CancellationToken.None);
    }

    /// <summary>Accepts on 127.0.0.49; resets the first <c>resets</c> connections, relays the later ones to the host.</summary>
    private sealed class ResettingRelay : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Parse("127.0.0.49"), 0);
        private readonly CancellationTokenSource _stop = new();
        private int _connections;

        public ResettingRelay(IPEndPoint host, int resets)
        {
            _listener.Start();
            _ = Task.Run(async () =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                    if (Interlocked.Increment(ref _connections) <= resets)
                    {
                        client.Client.LingerState = new LingerOption(true, 0); // close with RST, as a dropped connection
                        client.Dispose();
                        continue;
                    }

                    _ = RelayAsync(client, host);
                }
            });
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public int Connections => Volatile.Read(ref _connections);

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
        }

        private async Task RelayAsync(TcpClient client, IPEndPoint host)
        {
            using (client)
            using (var upstream = new TcpClient())
            {
                await upstream.ConnectAsync(host, _stop.Token);
                using var a = client.GetStream();
                using var b = upstream.GetStream();
                await Task.WhenAny(a.CopyToAsync(b, _stop.Token), b.CopyToAsync(a, _stop.Token));
            }
        }
    }
}
