using System.ComponentModel;

namespace Deploy.Recipes.Releases;

/// <summary>
/// What the recipe deploys and how. Set values in Program.cs; each can then be overridden, in this order, by
/// <c>cake.config</c> (<c>[Deploy] app-version = 2</c>), an environment variable (<c>DEPLOY_APP_VERSION=2</c>) and an
/// argument (<c>--app-version=2</c>). <c>./build.sh --help</c> lists them all with their defaults.
/// </summary>
public sealed class DeploySettings
{
    /// <summary>The environment to release to. Default: <c>local</c>.</summary>
    [Description("Environment to release to.")]
    public string Environment { get; set; } = "local";

    /// <summary>Path of the app's project file, relative to the repository root. Required.</summary>
    [Description("The app's project file (.csproj), relative to the repository root. Required.")]
    public string App { get; set; } = "";

    /// <summary>Test projects the Test task runs. Default: none (Test is then skipped and says so).</summary>
    [Description("Test projects the Test task runs, separated by ';'.")]
    public List<string> Tests { get; set; } = [];

    /// <summary>The build configuration. Default: <c>Release</c>.</summary>
    [Description("Build configuration.")]
    public string Configuration { get; set; } = "Release";

    /// <summary>Folder for build outputs and the release artifact. Default: <c>artifacts</c>.</summary>
    [Description("Folder for the release artifact and test results.")]
    public string Artifacts { get; set; } = "artifacts";

    /// <summary>The version the release reports. Default: empty, meaning <c>git describe</c> (else the commit).</summary>
    [Description("Version the release reports; empty means from git (describe, else the commit id).")]
    public string AppVersion { get; set; } = "";
}
