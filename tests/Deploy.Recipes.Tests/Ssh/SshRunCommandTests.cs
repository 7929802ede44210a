using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Text;
using Deploy.Recipes.Targets;
using Deploy.Recipes.Targets.Ssh;
using Deploy.Recipes.Tests.Support;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Ssh;

/// <summary>
/// <see cref="SshTargetHost.RunAsync"/> against a real sshd on 127.0.0.42: a program run on a host gets its standard
/// input (how registry passwords reach <c>docker login</c>) and its environment, and a secret given on standard input is
/// never on any command line on the host.
/// </summary>
[TestFixture]
[NonParallelizable]
[SupportedOSPlatform("linux")]
public sealed class SshRunCommandTests
{
    private LoopbackFleet fleet = null!;
    private TemporaryFolder repository = null!;

    [OneTimeSetUp]
    public void StartHost()
    {
        fleet = LoopbackFleet.Start(1, 42);
        repository = new TemporaryFolder("deploy-ssh-run-");
    }

    [OneTimeTearDown]
    public void RemoveHost()
    {
        fleet?.Dispose();
        repository?.Dispose();
    }

    [Test]
    public void Standard_input_reaches_the_program_and_is_on_no_command_line_of_the_host()
    {
        var secret = "registry-pa55-" + Guid.NewGuid().ToString("N");
        // The program prints what it read (as a hash), then its own command line and its parent's (the SSH session's shell
        // was replaced by exec: the parent is sshd).
        var result = RunOnHost(new HostCommand(
            ["sh", "-c", "sha256sum | cut -d' ' -f1; tr '\\0' ' ' < /proc/$$/cmdline; echo; tr '\\0' ' ' < /proc/$PPID/cmdline; echo"],
            StandardInput: secret));

        Assert.That(result.ExitCode, Is.Zero, result.Error);
        var lines = result.Output.Split('\n');
        Assert.That(lines[0], Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)))), "the program read the input whole");
        Assert.That(lines[1], Does.StartWith("sh -c sha256sum"), "its own command line was read");
        Assert.That(result.Output + result.Error, Does.Not.Contain(secret));
    }

    [Test]
    public void Environment_variables_reach_the_program_verbatim()
    {
        var value = "it's \"quoted\" $HOME `and` spaced";

        var result = RunOnHost(new HostCommand(["sh", "-c", "printf '%s|%s' \"$GREETING\" \"$EMPTY\""],
            Environment: new Dictionary<string, string> { ["GREETING"] = value, ["EMPTY"] = "" }));

        Assert.That(result.ExitCode, Is.Zero, result.Error);
        Assert.That(result.Output, Is.EqualTo(value + "|"));
    }

    [Test]
    public void A_failing_program_returns_its_exit_code_and_error_output_instead_of_throwing()
    {
        var result = RunOnHost(new HostCommand(["sh", "-c", "echo partial; echo 'no such image' >&2; exit 3"]));

        Assert.That(result, Is.EqualTo(new HostCommandResult(3, "partial\n", "no such image\n")));
    }

    [Test]
    public void A_program_longer_than_its_timeout_fails_naming_the_host()
    {
        var failure = Assert.Throws<TimeoutException>(() => RunOnHost(new HostCommand(["sleep", "60"], Timeout: TimeSpan.FromSeconds(1))));

        Assert.That(failure!.Message, Does.Contain(fleet[0].Target).And.Contain("sleep 60").And.Contain("1 s"));
        var uid = LoopbackFleetUsers.UidOf(fleet[0].User)!.Value;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (LoopbackFleetUsers.ProcessesOf(uid).Any(pid => CommandLineOf(pid).StartsWith("sleep 60")) && DateTime.UtcNow < deadline)
            Thread.Sleep(100);
        Assert.That(LoopbackFleetUsers.ProcessesOf(uid).Select(CommandLineOf), Has.None.StartsWith("sleep 60"), "the program was ended on the host");
    }

    [Test]
    public async Task A_host_whose_docker_cannot_reach_a_daemon_is_refused_naming_it_and_the_setting()
    {
        using var session = await OpenSessionAsync();

        var refused = Assert.ThrowsAsync<InvalidOperationException>(() => HostDockerCheck.CheckAsync(session, "unix:///nonexistent/docker.sock", CancellationToken.None));

        Assert.That(refused!.Message, Does.Contain($"Host {fleet[0].Target} cannot run image releases").And.Contain("unix:///nonexistent/docker.sock (setting 'docker-host')")
            .And.Contain("Nothing was changed"));
    }

    [Test]
    public async Task A_fleet_user_reaches_the_test_docker_daemon()
    {
        TestDocker.Ensure();
        using var session = await OpenSessionAsync();

        var version = await HostDockerCheck.CheckAsync(session, TestDocker.DockerHost, CancellationToken.None);

        Assert.That(version, Does.Match(@"^\d+\.\d+"));
    }

    [Test]
    public void A_host_without_a_docker_command_is_told_so()
    {
        var refusal = HostDockerCheck.Refusal("deploy@web1:22", "", new HostCommandResult(127, "", "sh: 1: exec: docker: not found"));

        Assert.That(refusal, Does.Contain("Host deploy@web1:22 cannot run image releases (artifact=image): it has no 'docker' command"));
    }

    private async Task<SshSession> OpenSessionAsync()
    {
        var host = SshHostAddress.Parse(fleet[0].Target);
        var gate = new HostKeyGate(host, new KnownHostsFile(fleet.KnownHosts).Entries, trustNewHosts: false);
        return await SshSession.OpenAsync(host, SshKeySource.Load(fleet.ClientKey), gate, CancellationToken.None);
    }

    private static string CommandLineOf(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (IOException)
        {
            return "";
        }
    }

    private HostCommandResult RunOnHost(HostCommand command)
    {
        HostCommandResult? result = null;
        Exception? failure = null;
        var run = FleetTaskRun.Run(repository.Path, "FleetLook", async context =>
        {
            await using var target = new SshTarget(context);
            var host = (await target.OpenAsync(EdgeDemand.IfRunning, CancellationToken.None)).Single();
            try
            {
                result = await host.RunAsync(command, CancellationToken.None);
            }
            catch (Exception e)
            {
                failure = e;
            }
        }, $"--hosts={fleet.HostsSetting}", $"--ssh-key={fleet.ClientKey}", $"--known-hosts={fleet.KnownHosts}");
        if (failure != null)
            throw failure;
        Assert.That(run.Exit, Is.Zero, run.Console.All);
        return result!;
    }
}
