using Deploy.Recipes.Hosting;
using Deploy.Recipes.Releases;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Releases;

/// <summary>.NET's framework roll-forward, as a pure function of the requested version, the policy and what is installed.</summary>
public sealed class RuntimeFitTests
{
    private static readonly string[] Installed = ["8.0.5", "8.0.11", "8.2.1", "8.3.0", "10.0.2", "10.0.12", "11.0.0", "12.0.0-preview.1"];

    [TestCase("8.0.0", RollForwardPolicy.Disable, null)]
    [TestCase("8.0.5", RollForwardPolicy.Disable, "8.0.5")]
    [TestCase("8.0.0", RollForwardPolicy.LatestPatch, "8.0.11")]
    [TestCase("8.1.0", RollForwardPolicy.LatestPatch, null)]
    [TestCase("8.0.0", RollForwardPolicy.Minor, "8.0.11")]
    [TestCase("8.1.0", RollForwardPolicy.Minor, "8.2.1")]
    [TestCase("9.0.0", RollForwardPolicy.Minor, null)]
    [TestCase("8.0.0", RollForwardPolicy.LatestMinor, "8.3.0")]
    [TestCase("9.0.0", RollForwardPolicy.LatestMinor, null)]
    [TestCase("8.1.0", RollForwardPolicy.Major, "8.2.1")]
    [TestCase("9.0.0", RollForwardPolicy.Major, "10.0.12")]
    [TestCase("9.0.0", RollForwardPolicy.LatestMajor, "11.0.0")]
    [TestCase("12.0.0", RollForwardPolicy.LatestMajor, null)]
    [TestCase("11.0.1", RollForwardPolicy.Major, "12.0.0-preview.1")]
    public void Each_policy_rolls_forward_as_dotnet_does(string requested, RollForwardPolicy policy, string? expected) =>
        Assert.That(RuntimeFit.Resolve(requested, policy, Installed), Is.EqualTo(expected));

    [Test]
    public void A_release_version_takes_a_pre_release_only_when_no_release_fits()
    {
        Assert.That(RuntimeFit.Resolve("11.0.0", RollForwardPolicy.LatestMajor, Installed), Is.EqualTo("11.0.0"));
        Assert.That(RuntimeFit.Resolve("12.0.0-preview.1", RollForwardPolicy.Minor, Installed), Is.EqualTo("12.0.0-preview.1"));
        Assert.That(RuntimeFit.Resolve("9.0.0", RollForwardPolicy.Major, ["10.0.0-rc.2", "10.0.0-rc.10"]), Is.EqualTo("10.0.0-rc.10"));
    }

    [Test]
    public void The_environment_variable_wins_over_the_reference_which_wins_over_the_file()
    {
        var config = AppRuntimeConfig.Parse("""
            {"runtimeOptions": {"tfm": "net9.0", "rollForward": "LatestPatch",
              "frameworks": [{"name": "Microsoft.NETCore.App", "version": "9.0.0", "rollForward": "Major"},
                             {"name": "Microsoft.AspNetCore.App", "version": "9.0.0"}]}}
            """);
        var installed = new Dictionary<string, IReadOnlyList<string>> { ["Microsoft.NETCore.App"] = ["10.0.12"], ["Microsoft.AspNetCore.App"] = ["10.0.12"] };

        var fromFiles = RuntimeFit.Judge(config, installed, environmentPolicy: null);
        var fromEnvironment = RuntimeFit.Judge(config, installed, RollForwardPolicy.Major);

        Assert.That(fromFiles.Select(c => (c.Policy, c.Chosen)), Is.EqualTo(new[] { (RollForwardPolicy.Major, (string?)"10.0.12"), (RollForwardPolicy.LatestPatch, null) }));
        Assert.That(fromEnvironment.Select(c => c.Chosen), Is.EqualTo(new[] { "10.0.12", "10.0.12" }));
    }

    [Test]
    public void A_framework_that_is_not_installed_at_all_does_not_fit()
    {
        var config = AppRuntimeConfig.Parse("""{"runtimeOptions": {"framework": {"name": "Microsoft.WindowsDesktop.App", "version": "8.0.0"}}}""");

        var choice = RuntimeFit.Judge(config, new Dictionary<string, IReadOnlyList<string>> { ["Microsoft.NETCore.App"] = ["10.0.12"] }, RollForwardPolicy.LatestMajor).Single();

        Assert.That(choice.Chosen, Is.Null);
    }

    [Test]
    public void A_self_contained_app_needs_no_installed_runtime() =>
        Assert.That(AppRuntimeConfig.Parse("""{"runtimeOptions": {"includedFrameworks": [{"name": "Microsoft.NETCore.App", "version": "9.0.0"}]}}""").SelfContained, Is.True);

    [Test]
    public void An_unknown_policy_name_is_refused_naming_the_valid_ones() =>
        Assert.That(() => RuntimeFit.ParsePolicy("Sideways"), Throws.TypeOf<FormatException>().With.Message.Contains("Minor, LatestPatch, Major, LatestMinor, LatestMajor, Disable"));

    [Test]
    public void A_release_that_cannot_run_is_refused_naming_the_runtime_needed_the_installed_ones_and_the_escape_hatch()
    {
        var config = AppRuntimeConfig.Parse("""{"runtimeOptions": {"tfm": "net9.0", "framework": {"name": "Microsoft.AspNetCore.App", "version": "9.0.0"}}}""");
        var installed = InstalledRuntimes.FromListRuntimes("""
            Microsoft.AspNetCore.App 10.0.12 [/usr/share/dotnet/shared/Microsoft.AspNetCore.App]
            Microsoft.NETCore.App 10.0.12 [/usr/share/dotnet/shared/Microsoft.NETCore.App]
            """);

        var refused = Assert.Throws<RecipeUsageException>(() => RuntimeCheck.Judge("OldApp", config, installed, null));
        var accepted = RuntimeCheck.Judge("OldApp", config, installed, ("Major", "app-settings"));

        Assert.That(refused!.Message, Does.Contain("OldApp needs Microsoft.AspNetCore.App 9.0.0")
            .And.Contain("Microsoft.AspNetCore.App 10.0.12, Microsoft.NETCore.App 10.0.12")
            .And.Contain("DOTNET_ROLL_FORWARD=Major").And.Contain("app-settings").And.Contain("Nothing was changed"));
        Assert.That(accepted, Is.EqualTo("Microsoft.AspNetCore.App 9.0.0 runs on 10.0.12 (roll-forward Major)"));
    }
}
