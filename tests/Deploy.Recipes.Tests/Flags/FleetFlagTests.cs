using System.Runtime.Versioning;
using Deploy.Recipes.Tests.Support;
using NUnit.Framework;
using static Deploy.Recipes.Tests.Flags.FlagRollout;

namespace Deploy.Recipes.Tests.Flags;

/// <summary>
/// A flag on a fleet: two real sshd hosts (127.0.0.170, 127.0.0.171), the flags file written on each over SFTP, and
/// each host's running release seeing it through its own public port.
/// </summary>
[TestFixture]
[NonParallelizable]
[SupportedOSPlatform("linux")]
public sealed class FleetFlagTests
{
    [Test]
    public async Task A_flag_goes_on_and_off_on_every_host_of_the_fleet()
    {
        PackagedReleases.Ensure();
        using var fleet = LoopbackFleet.Start(2, 170);
        using var state = new TemporaryFolder("deploy-fleet-flags-");
        var port = FreePort.Next();
        string[] common =
        [
            "--environment=staging", $"--public-port={port}", $"--state-directory={state.Path}",
            $"--hosts={fleet.HostsSetting}", $"--ssh-key={fleet.ClientKey}", $"--known-hosts={fleet.KnownHosts}",
            "--database=", "--app-settings=ConnectionStrings__Shop=Data Source={data}/shop.db",
        ];
        var deploy = Build(["--target=Deploy", "--prebuilt", PackagedReleases.Artifacts(PackagedReleases.V1), "--verify-time=0", "--skip-verification", .. common]);
        Assert.That(deploy.ExitCode, Is.Zero, deploy.All);
        var hosts = fleet.Hosts.Select(h => new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = new Uri($"http://{h.Address}:{port}/") }).ToList();
        try
        {
            ProcessRun on;
            await using (Customers(hosts[0].BaseAddress!))
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
                on = Build(["--target=Flag", $"--flag={Flag}", "--percent=100", .. ShortAnalysis, .. common]);
            }

            Assert.That(on.ExitCode, Is.Zero, on.All);
            Assert.That(on.Out, Does.Contain($"{Flag}: off -> on for everyone on all 2 hosts"));
            foreach (var host in hosts)
                Assert.That(await IsOnForAsync(host, "someone"), Is.True, host.BaseAddress!.ToString());

            var status = Build(["--target=Status", .. common]);
            Assert.That(status.Out, Does.Contain($"Flag         {Flag}: on for everyone"), status.All);

            var off = Build(["--target=Flag", $"--flag={Flag}", "--off", .. common]);
            Assert.That(off.ExitCode, Is.Zero, off.All);
            foreach (var host in hosts)
                await EventuallyOffAsync(host);
            var audit = File.ReadAllText(Path.Combine(state.Path, "audit", "staging.jsonl"));
            foreach (var host in fleet.Hosts)
                Assert.That(audit, Does.Contain($"\"step\":\"flag/write\",\"outcome\":\"succeeded\"").And.Contain($"\"host\":\"{host.Target}\""));
        }
        finally
        {
            hosts.ForEach(h => h.Dispose());
            Build(["--target=Down", .. common]);
        }
    }

    // The file reaches a release through its file watcher: bounded polling, no timed assertion (that is the local test's).
    private static async Task EventuallyOffAsync(HttpClient host)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if (!await IsOnForAsync(host, "someone"))
                return;
            await Task.Delay(50);
        }

        Assert.Fail($"{host.BaseAddress} still has the flag on 5 s after --off");
    }

    private static ProcessRun Build(string[] args) =>
        ProcessRun.Start(Path.Combine(RepositoryCopy.Path, "build.sh"), args, RepositoryCopy.Path, timeout: TimeSpan.FromMinutes(6));
}
