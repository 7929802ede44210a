using System.Runtime.Versioning;
using System.Text.Json;
using Deploy.Recipes.Edge.Contract;
using Deploy.Recipes.Targets;
using Deploy.Recipes.Targets.Ssh;
using Deploy.Recipes.Tests.Edge;
using Deploy.Recipes.Tests.Support;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Ssh;

/// <summary>Down on a host whose edge was killed: the release it left running is ended, and nothing restarts the edge.</summary>
[TestFixture]
[NonParallelizable]
[SupportedOSPlatform("linux")]
public sealed class DeadEdgeDownTests
{
    [Test]
    public void Down_ends_the_release_a_dead_edge_left_running_on_a_host()
    {
        using var fleet = LoopbackFleet.Start(1, 45);
        using var repository = new TemporaryFolder("deploy-ssh-dead-edge-");
        var artifact = SshTargetTests.MakeArtifact(repository.Combine("artifact"), SampleShop.Directory, "Shop");
        string[] args = [$"--hosts={fleet.HostsSetting}", $"--ssh-key={fleet.ClientKey}", $"--known-hosts={fleet.KnownHosts}", $"--public-port={EdgeUnderTest.FreePort()}"];
        var started = FleetTaskRun.Run(repository.Path, "FleetChange", async context =>
        {
            await using var target = new SshTarget(context);
            var host = (SshTargetHost)(await target.OpenAsync(EdgeDemand.Start, CancellationToken.None))[0];
            var placed = await host.PlaceAsync(target.Store.Install(artifact), CancellationToken.None);
            await host.Client!.StartSlotAsync("blue", new StartSlot(placed.Id, "1.0.0", placed.AppDirectory, placed.EntryAssembly,
                new Dictionary<string, string> { ["ConnectionStrings__Shop"] = $"Data Source={host.DataDirectory}/shop.db" }));
            await SshTargetTests.WaitUntilRunningAsync(host, "blue");
        }, args);
        Assert.That(started.Exit, Is.Zero, started.Console.All);
        var edgeFolder = Path.Combine(fleet[0].Home, ".deploy", "local", "edge");
        var edgePid = JsonDocument.Parse(File.ReadAllText(Path.Combine(edgeFolder, EdgeFiles.Endpoint))).RootElement.GetProperty("pid").GetInt32();
        var slotPid = JsonDocument.Parse(File.ReadAllText(Path.Combine(edgeFolder, EdgeFiles.SlotProcesses))).RootElement[0].GetProperty("pid").GetInt32();
        Assert.That(ProcessRun.Start("kill", ["-KILL", edgePid.ToString()], "/").ExitCode, Is.Zero);
        WaitUntilGone(edgePid);

        var down = FleetTaskRun.Run(repository.Path, "FleetChange", async context =>
        {
            await using var target = new SshTarget(context);
            var host = (await target.OpenAsync(EdgeDemand.AsFound, CancellationToken.None))[0];
            Assert.That(await host.StopEdgeAsync(TimeSpan.FromSeconds(10)), Is.False, "no edge was running");
        }, args);

        Assert.That(down.Exit, Is.Zero, down.Console.All);
        Assert.That(down.Console.All, Does.Contain($"Host {fleet[0].Target}: ended release process blue PID {slotPid}, left running by an edge that died."));
        WaitUntilGone(slotPid);
        Assert.That(File.Exists(Path.Combine(edgeFolder, EdgeFiles.State)), Is.False, "nothing restarts the edge");
    }

    private static void WaitUntilGone(int pid)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (TestEnvironment.IsRunning(pid))
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), $"PID {pid} still runs");
            Thread.Sleep(100);
        }
    }
}
