using Cake.Core.Tooling;

namespace Deploy.Recipes.Docker;

/// <summary>
/// What every <c>docker</c> command shares: the daemon it talks to and the client configuration folder it reads (where
/// <c>docker login</c> keeps credentials). Both become global options placed before the subcommand.
/// </summary>
public class DockerSettings : ToolSettings
{
    /// <summary>The daemon's address (<c>--host</c>, e.g. <c>unix:///run/docker.sock</c>); empty = the CLI's default.</summary>
    public string? Host { get; set; }

    /// <summary>
    /// The client configuration folder (<c>--config</c>); empty = the CLI's default. A private temporary one keeps a
    /// login's credentials away from the user's own and lets them be removed afterwards.
    /// </summary>
    public string? Config { get; set; }
}
