using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Text;
using Deploy.Recipes.Releases;
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

    [Test]
    public void An_image_release_is_pulled_on_the_host_by_digest_with_the_credentials_once_and_nothing_is_uploaded()
    {
        TestDocker.Ensure();
        var repositoryName = $"{TestDocker.Registry}/place-{Guid.NewGuid().ToString("N")[..8]}";
        var folder = Directory.CreateDirectory(Path.Combine(repository.Path, "image")).FullName;
        File.WriteAllText(Path.Combine(folder, "release.txt"), "placed");
        var tar = Path.Combine(repository.Path, "image.tar");
        Assert.That(ProcessRun.Start("tar", ["-cf", tar, "-C", folder, "."], "/").ExitCode, Is.Zero);
        TestDocker.Docker("import", tar, $"{repositoryName}:1.0");
        TestDocker.Docker("push", "--quiet", $"{repositoryName}:1.0");
        var digest = ImagePackaging.RegistryDigestOf(repositoryName, "1.0");
        TestDocker.Docker("image", "rm", $"{repositoryName}:1.0"); // the host's daemon is the tests' own: it must pull
        var image = new ContainerImage(repositoryName, "1.0", digest);
        var release = new InstalledRelease($"1.0-{image.DigestHex[..8]}",
            new ReleaseManifest("Placed", "1.0", null, DateTimeOffset.UtcNow, "Release", 0, new string('0', 64), image), Path.Combine(folder, "app"));
        try
        {
            var run = FleetTaskRun.Run(repository.Path, "FleetLook", async context =>
            {
                await using var target = new SshTarget(context);
                var host = (SshTargetHost)(await target.OpenAsync(EdgeDemand.IfRunning, CancellationToken.None)).Single();
                await host.PlaceAsync(release, CancellationToken.None);
                await host.PlaceAsync(release, CancellationToken.None);
                Assert.That(host.Uploads, Is.Zero);
            }, $"--hosts={fleet.HostsSetting}", $"--ssh-key={fleet.ClientKey}", $"--known-hosts={fleet.KnownHosts}", $"--docker-host={TestDocker.DockerHost}",
                $"--registry={TestDocker.Registry}", $"--registry-user={TestDocker.User}", $"--registry-password={TestDocker.Password}");

            Assert.That(run.Exit, Is.Zero, run.Console.All);
            Assert.That(run.Console.All, Does.Contain($"Host {fleet[0].Target}: pulled image {image.Reference} for release {release.Id}.")
                .And.Contain($"Host {fleet[0].Target}: already holds image {image.Reference}; nothing pulled.").And.Not.Contain(TestDocker.Password));
            Assert.That(TestDocker.Docker("image", "inspect", "--format", "{{.Id}}", image.Reference), Does.StartWith("sha256:"));
            var uid = LoopbackFleetUsers.UidOf(fleet[0].User)!.Value.ToString();
            var left = Directory.GetDirectories("/tmp", "deploy-recipes-docker-config.*")
                .Where(d => ProcessRun.Start("stat", ["-c", "%u", d], "/").Out.Trim() == uid);
            Assert.That(left, Is.Empty, "the temporary client configuration (the login's credentials) was removed from the host");
        }
        finally
        {
            TestDocker.DockerRun(null, "image", "rm", "--force", image.Reference);
        }
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
