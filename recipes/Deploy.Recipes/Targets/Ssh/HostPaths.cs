namespace Deploy.Recipes.Targets.Ssh;

/// <summary>
/// Where the recipe keeps its state on a server of a fleet, under the login user's home:
/// <code>
/// ~/.deploy/releases/&lt;id&gt;/          installed releases (app/ + release.json + .digest), placed whole by rename
/// ~/.deploy/edge-bin/&lt;digest&gt;/       the edge program, by content digest
/// ~/.deploy/incoming/                  uploads in progress (cleaned by the next run holding the host lock)
/// ~/.deploy/host.lock                  the host's deploy lock (one deploy at a time on this server)
/// ~/.deploy/&lt;environment&gt;/edge/      the edge's token, edge.json, logs
/// ~/.deploy/&lt;environment&gt;/data/      {data} in app settings
/// ~/.deploy/&lt;environment&gt;/releases.json  the fleet's release history (a copy on every host)
/// </code>
/// </summary>
/// <param name="Home">The login user's home on the host (absolute).</param>
/// <param name="Environment">The environment's name.</param>
public sealed record HostPaths(string Home, string Environment)
{
    /// <summary>The state root, <c>~/.deploy</c>.</summary>
    public string Root => $"{Home.TrimEnd('/')}/.deploy";

    /// <summary>Installed releases.</summary>
    public string Releases => $"{Root}/releases";

    /// <summary>One installed release.</summary>
    public string Release(string id) => $"{Releases}/{id}";

    /// <summary>Copies of the edge program by digest.</summary>
    public string EdgeBinaries => $"{Root}/edge-bin";

    /// <summary>Uploads in progress and folders being unpacked.</summary>
    public string Incoming => $"{Root}/incoming";

    /// <summary>The host's deploy lock.</summary>
    public string Lock => $"{Root}/host.lock";

    /// <summary>The environment's folder.</summary>
    public string EnvironmentFolder => $"{Root}/{Environment}";

    /// <summary>The environment's edge folder (its <c>--state</c>).</summary>
    public string Edge => $"{EnvironmentFolder}/edge";

    /// <summary>The environment's data folder.</summary>
    public string Data => $"{EnvironmentFolder}/data";

    /// <summary>The fleet's history copy on this host.</summary>
    public string History => $"{EnvironmentFolder}/releases.json";
}
