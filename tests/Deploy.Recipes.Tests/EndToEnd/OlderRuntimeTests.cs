using System.Text.Json;
using Deploy.Recipes.Tests.Support;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.EndToEnd;

/// <summary>
/// An app built for net9.0 on a machine that has only the .NET 10 runtime (tests/OlderRuntimeApp), deployed through
/// ./build.sh as a user would: with no health endpoint of ours, no version header, and no change to its code.
/// </summary>
public sealed class OlderRuntimeTests
{
    private static readonly string[] App =
    [
        "--app=tests/OlderRuntimeApp/OlderRuntimeApp.csproj", "--tests=none", "--ready-path=/", "--smoke-checks=/=200~running on .NET 10", "--verify-time=1",
    ];

    [Test]
    public async Task A_release_whose_runtime_is_not_installed_is_refused_before_anything_changes_and_deploys_with_roll_forward_major()
    {
        using var staging = new TestEnvironment("staging");

        var refused = staging.Build(["--target=Deploy", .. App]);

        Assert.That(refused.ExitCode, Is.Not.EqualTo(0), refused.All);
        Assert.That(refused.Error, Does.Contain("OlderRuntimeApp needs Microsoft.NETCore.App 9.0.0 and Microsoft.AspNetCore.App 9.0.0")
            .And.Contain("Installed (").And.Contain("Microsoft.AspNetCore.App 10.")
            .And.Contain("DOTNET_ROLL_FORWARD=Major").And.Contain("app-settings"));
        Assert.That(staging.EdgePid(), Is.Null, "no edge and so no slot was started");
        Assert.That(Directory.Exists(staging.State) ? Directory.GetFiles(staging.State, "*.db*", SearchOption.AllDirectories) : [], Is.Empty,
            "neither the database nor its staging clone was touched");
        Assert.That(AuditSteps(staging), Has.None.StartWith("StagingClone").And.None.StartWith("Validate").And.None.StartWith("Migrate").And.None.StartWith("Deploy"));

        var deployed = staging.Build(["--target=Deploy", .. App, "--database=", "--app-settings=DOTNET_ROLL_FORWARD=Major"]);

        Assert.That(deployed.ExitCode, Is.EqualTo(0), deployed.All);
        Assert.That(deployed.Out, Does.Contain("RuntimeCheck: release").And.Contain("Microsoft.AspNetCore.App 9.0.0 runs on 10."));
        var answer = await staging.Http.GetStringAsync("");
        Assert.That(answer, Does.StartWith("running on .NET 10."));
    }

    private static IReadOnlyList<string> AuditSteps(TestEnvironment environment) =>
        File.Exists(environment.AuditFile)
            ? File.ReadAllLines(environment.AuditFile).Select(line => JsonDocument.Parse(line).RootElement.GetProperty("step").GetString()!).ToList()
            : [];
}
