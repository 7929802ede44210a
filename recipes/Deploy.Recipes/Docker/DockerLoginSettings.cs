namespace Deploy.Recipes.Docker;

/// <summary>
/// <c>docker login</c>. There is no password property: the password is always written on standard input
/// (<c>--password-stdin</c>), never on a command line.
/// </summary>
public sealed class DockerLoginSettings : DockerSettings
{
    /// <summary>The registry (<c>host[:port]</c>); empty = the CLI's default registry.</summary>
    public string? Server { get; set; }

    /// <summary>The user (<c>--username</c>).</summary>
    public string Username { get; set; } = "";
}
