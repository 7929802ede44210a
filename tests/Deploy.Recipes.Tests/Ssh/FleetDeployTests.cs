using System.Runtime.Versioning;
using System.Text.Json;
using Deploy.Recipes.Tests.Support;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Ssh;

/// <summary>
/// Deploy through ./build.sh to two real sshd hosts (127.0.0.43, 127.0.0.44): the shop is put on each host and each
/// host's public port answers with the release; the next release reuses what each host holds and replaces it on both.
/// </summary>
[TestFixture]
[NonParallelizable]
[SupportedOSPlatform("linux")]
public sealed class FleetDeployTests
{
    [Test]
    public async Task Deploy_puts_the_release_on_every_host_and_each_hosts_public_port_answers_with_it()
    {
        PackagedReleases.Ensure();
        using var fleet = LoopbackFleet.Start(2, 43);
        using var state = new TemporaryFolder("deploy-fleet-state-");
        var port = FreePort.Next();
        string[] common =
        [
            "--environment=staging", $"--public-port={port}", $"--state-directory={state.Path}",
            $"--hosts={fleet.HostsSetting}", $"--ssh-key={fleet.ClientKey}", $"--known-hosts={fleet.KnownHosts}",
            "--database=", "--app-settings=ConnectionStrings__Shop=Data Source={data}/shop.db", "--verify-time=2", "--watch-time=0",
        ];

        var first = Build(["--target=Deploy", "--prebuilt", PackagedReleases.Artifacts(PackagedReleases.V1), .. common]);
        Assert.That(first.ExitCode, Is.Zero, first.All);
        foreach (var host in fleet.Hosts)
            Assert.That(await VersionAsync($"http://{host.Address}:{port}/"), Is.EqualTo(PackagedReleases.V1), host.Target);

        var second = Build(["--target=Deploy", "--prebuilt", PackagedReleases.Artifacts(PackagedReleases.V2), .. common]);
        Assert.That(second.ExitCode, Is.Zero, second.All);
        foreach (var host in fleet.Hosts)
            Assert.That(await VersionAsync($"http://{host.Address}:{port}/"), Is.EqualTo(PackagedReleases.V2), host.Target);
        Assert.That(second.Out, Does.Contain($"Host {fleet[0].Target}: uploaded release 2.0.0").And.Not.Contain("installed the edge program"),
            "the edge program is already on the hosts");

        // A runner with no .deploy of its own (another state folder) still knows the fleet's history from the hosts.
        using var freshRunner = new TemporaryFolder("deploy-fleet-fresh-");
        var status = Build(["--target=Status", "--format=json", "--verbosity=quiet", .. common.Select(a => a.StartsWith("--state-directory", StringComparison.Ordinal) ? $"--state-directory={freshRunner.Path}" : a)]);
        Assert.That(status.ExitCode, Is.Zero, status.All);
        Assert.That(status.Out, Does.Contain("2.0.0").And.Contain("1.0.0"));

        // Status with one host's sshd stopped: that host is unreachable, the other still reported, the verdict says so.
        fleet.StopHost(1);
        var partial = Build(["--target=Status", .. common]);
        fleet.StartHost(1);
        Assert.That(partial.Out, Does.Contain("UNREACHABLE").And.Contain(fleet[1].Target).And.Contain("1 of 2 host(s) unreachable"), partial.All);

        var down = Build(["--target=Down", .. common]);
        Assert.That(down.ExitCode, Is.Zero, down.All);
        var audit = File.ReadAllText(Path.Combine(state.Path, "audit", "staging.jsonl"));
        Assert.That(new[] { first.All, second.All, down.All, audit }, Has.None.Contain(fleet.ClientKey), "the ssh-key setting is a secret");
        Assert.That(audit, Does.Contain($"\"host\":\"{fleet[1].Target}\""), "per-host records name the host");
    }

    private static ProcessRun Build(string[] args) =>
        ProcessRun.Start(Path.Combine(RepositoryCopy.Path, "build.sh"), args, RepositoryCopy.Path, timeout: TimeSpan.FromMinutes(6));

    private static async Task<string> VersionAsync(string url)
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(10) };
        using var body = JsonDocument.Parse(await http.GetStringAsync("version"));
        return body.RootElement.GetProperty("version").GetString()!;
    }
}
