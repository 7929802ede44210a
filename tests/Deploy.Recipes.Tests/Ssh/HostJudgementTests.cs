using Deploy.Recipes.Hosting;
using Deploy.Recipes.Releases;
using Deploy.Recipes.Targets.Ssh;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Ssh;

/// <summary>The pure judgements of the SSH target: a host's runtime, the history copy to trust, the edge's address.</summary>
[TestFixture]
public sealed class HostJudgementTests
{
    private const string Runtimes10 = "dotnet=/usr/share/dotnet/dotnet\nMicrosoft.AspNetCore.App 10.0.1 [/usr/share/dotnet/shared/Microsoft.AspNetCore.App]\nMicrosoft.NETCore.App 10.0.1 [/usr/share/dotnet/shared/Microsoft.NETCore.App]\n";

    private static readonly AppRuntimeConfig Web10 = AppRuntimeConfig.Parse(
        """{"runtimeOptions":{"frameworks":[{"name":"Microsoft.NETCore.App","version":"10.0.0"},{"name":"Microsoft.AspNetCore.App","version":"10.0.0"}]}}""");

    private static readonly AppRuntimeConfig Web11 = AppRuntimeConfig.Parse(
        """{"runtimeOptions":{"frameworks":[{"name":"Microsoft.NETCore.App","version":"11.0.0"},{"name":"Microsoft.AspNetCore.App","version":"11.0.0"}]}}""");

    [Test]
    public void A_host_with_the_runtime_the_release_needs_passes_and_gives_its_dotnet()
    {
        var dotnet = HostRuntimeJudgement.Judge("deploy@10.0.0.5:22", HostRuntimeJudgement.Read(Runtimes10), [("release 1.0", Web10), ("the edge", Web10)], null);

        Assert.That(dotnet, Is.EqualTo("/usr/share/dotnet/dotnet"));
    }

    [Test]
    public void A_host_without_dotnet_is_refused_naming_the_host_and_the_runtime_to_install()
    {
        var refusal = Assert.Throws<RecipeUsageException>(() =>
            HostRuntimeJudgement.Judge("deploy@10.0.0.5:22", HostRuntimeJudgement.Read("dotnet=none\n"), [("release 1.0", Web10)], null))!;

        Assert.That(refusal.Message, Does.Contain("deploy@10.0.0.5:22").And.Contain("no .NET runtime").And.Contain("Microsoft.AspNetCore.App 10.0.0").And.Contain("Nothing was changed"));
    }

    [Test]
    public void A_host_with_an_older_major_is_refused_naming_the_host_what_is_missing_and_what_is_installed()
    {
        var refusal = Assert.Throws<RecipeUsageException>(() =>
            HostRuntimeJudgement.Judge("deploy@10.0.0.5:22", HostRuntimeJudgement.Read(Runtimes10), [("release 2.0", Web11)], null))!;

        Assert.That(refusal.Message, Does.Contain("deploy@10.0.0.5:22").And.Contain("Microsoft.AspNetCore.App 11.0.0 (for release 2.0")
            .And.Contain("Microsoft.AspNetCore.App 10.0.1").And.Contain("ASP.NET Core 11 runtime"));
    }

    [Test]
    public void Roll_forward_from_app_settings_lets_an_older_release_run_on_a_newer_host_but_not_the_edge()
    {
        var net9 = AppRuntimeConfig.Parse("""{"runtimeOptions":{"framework":{"name":"Microsoft.AspNetCore.App","version":"9.0.0"}}}""");
        var probe = HostRuntimeJudgement.Read(Runtimes10);

        Assert.That(HostRuntimeJudgement.Judge("h", probe, [("release 1.0", net9)], "Major"), Is.EqualTo("/usr/share/dotnet/dotnet"));
        Assert.Throws<RecipeUsageException>(() => HostRuntimeJudgement.Judge("h", probe, [("release 1.0", net9)], null));
        Assert.Throws<RecipeUsageException>(() => HostRuntimeJudgement.Judge("h", probe, [("the edge", Web11)], "LatestMajor"));
    }

    [Test]
    public void The_newest_history_copy_is_the_one_with_the_latest_stamp_and_copies_without_a_stamp_count_as_oldest()
    {
        var newest = FleetHistory.Newest([
            ("a", "[1]", "2026-11-27T10:00:00.0000000+00:00"),
            ("b", "[1,2]", "2026-11-27T11:00:00.0000000+00:00"),
            ("c", "[0]", null),
            ("d", null, "2026-11-27T12:00:00.0000000+00:00"),
        ]);

        Assert.That(newest, Is.EqualTo(("b", "[1,2]")));
        Assert.That(FleetHistory.Newest([("a", null, null)]), Is.Null);
    }

    [TestCase("deploy@10.0.0.5", "", "10.0.0.5", "127.0.0.1", "http://10.0.0.5:8080/")]
    [TestCase("deploy@10.0.0.5", "0.0.0.0", "0.0.0.0", "127.0.0.1", "http://10.0.0.5:8080/")]
    [TestCase("deploy@web1.example.com", "", "0.0.0.0", "127.0.0.1", "http://web1.example.com:8080/")]
    [TestCase("deploy@10.0.0.5", "192.168.1.5", "192.168.1.5", "192.168.1.5", "http://192.168.1.5:8080/")]
    public void The_edge_listens_on_the_hosts_address_unless_edge_bind_says_otherwise(string host, string bind, string address, string tunnelFrom, string url)
    {
        var parsed = SshHostAddress.Parse(host);
        var edgeAddress = FleetSettings.EdgeAddress(parsed, bind);

        Assert.That(edgeAddress, Is.EqualTo(address));
        Assert.That(FleetSettings.TunnelAddress(edgeAddress), Is.EqualTo(tunnelFrom == "127.0.0.1" && address != "0.0.0.0" ? address : tunnelFrom));
        Assert.That(FleetSettings.PublicUrl(parsed, edgeAddress, 8080).ToString(), Is.EqualTo(url));
    }
}
