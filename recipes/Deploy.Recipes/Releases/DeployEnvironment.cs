namespace Deploy.Recipes.Releases;

/// <summary>
/// One place releases go to: this machine (no <see cref="Hosts"/>: an edge on <see cref="PublicPort"/> of 127.0.0.1),
/// or a fleet of Linux servers reached over SSH, each running the edge on <c>&lt;address&gt;:</c><see cref="PublicPort"/>.
/// </summary>
public sealed class DeployEnvironment
{
    /// <summary>The port customers reach the environment on (on each host).</summary>
    public int PublicPort { get; set; }

    /// <summary>
    /// The servers of the environment, each <c>user@address[:port]</c> (SSH port, default 22). Empty: the local
    /// target. The <c>hosts</c> setting overrides it for a run.
    /// </summary>
    public List<string> Hosts { get; set; } = [];
}
