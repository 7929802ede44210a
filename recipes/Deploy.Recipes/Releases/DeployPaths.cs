namespace Deploy.Recipes.Releases;

/// <summary>
/// Where the local target keeps its state, by default under <c>.deploy/</c> in the repository (git-ignored; the
/// <c>state-directory</c> setting moves it):
/// <code>
/// .deploy/releases/&lt;id&gt;/            installed release artifacts (app/ + release.json), the last N kept
/// .deploy/audit/&lt;environment&gt;.jsonl  the audit trail
/// .deploy/&lt;environment&gt;/releases.json the environment's release history
/// .deploy/&lt;environment&gt;/deploy.lock   the deployment lock
/// .deploy/&lt;environment&gt;/edge/        the edge's token, endpoint, log and the slots' logs
/// .deploy/&lt;environment&gt;/data/        the environment's data ({data} in app settings)
/// .deploy/&lt;environment&gt;/timeline/    what the edges said each second of each release (the release report's charts)
/// .deploy/edge-bin/&lt;digest&gt;/         a private copy of the edge program, so rebuilding never touches a running edge
/// </code>
/// </summary>
public sealed class DeployPaths
{
    /// <summary>Characters an environment name may hold: it names folders.</summary>
    public const string EnvironmentNameRule = "lower-case letters, digits and '-', starting with a letter";

    /// <summary>Lays out the state of <paramref name="environment"/> under <paramref name="root"/> (normally <c>&lt;repository&gt;/.deploy</c>).</summary>
    public DeployPaths(string root, string environment)
    {
        if (!IsValidEnvironmentName(environment))
            throw new ArgumentException($"Environment name '{environment}' is not valid: use {EnvironmentNameRule}.");
        Root = Path.GetFullPath(root);
        Environment = environment;
    }

    /// <summary>The <c>.deploy</c> folder.</summary>
    public string Root { get; }

    /// <summary>The environment's name.</summary>
    public string Environment { get; }

    /// <summary>Installed releases, shared by all environments.</summary>
    public string Releases => Path.Combine(Root, "releases");

    /// <summary>The environment's audit trail file.</summary>
    public string Audit => Path.Combine(Root, "audit", Environment + ".jsonl");

    /// <summary>The environment's own folder.</summary>
    public string EnvironmentFolder => Path.Combine(Root, Environment);

    /// <summary>The environment's release history.</summary>
    public string History => Path.Combine(EnvironmentFolder, "releases.json");

    /// <summary>The environment's deployment lock file.</summary>
    public string Lock => Path.Combine(EnvironmentFolder, "deploy.lock");

    /// <summary>The environment's edge folder.</summary>
    public string Edge => Path.Combine(EnvironmentFolder, "edge");

    /// <summary>The environment's data folder.</summary>
    public string Data => Path.Combine(EnvironmentFolder, "data");

    /// <summary>The environment's release timelines: one file of edge samples per run that changed a release.</summary>
    public string Timelines => Path.Combine(EnvironmentFolder, "timeline");

    /// <summary>Private copies of the edge program, by content digest.</summary>
    public string EdgeBinaries => Path.Combine(Root, "edge-bin");

    /// <summary>True when <paramref name="name"/> follows <see cref="EnvironmentNameRule"/>.</summary>
    public static bool IsValidEnvironmentName(string name) =>
        name.Length is > 0 and <= 40 && char.IsAsciiLetterLower(name[0]) && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');
}
