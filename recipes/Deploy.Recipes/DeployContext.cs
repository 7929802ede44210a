using Cake.Core;
using Deploy.Recipes.Audit;
using Deploy.Recipes.Hosting;
using Deploy.Recipes.Releases;

namespace Deploy.Recipes;

/// <summary>
/// The context the recipe's tasks work on: a Cake context plus the bound <see cref="DeploySettings"/>, the chosen
/// environment, its state paths and its audit trail.
/// </summary>
public class DeployContext(ICakeContext context, DeploySettings settings, SettingsReport settingsReport) : RecipeContext(context)
{
    private DeployPaths? _paths;
    private AuditTrail? _audit;
    private Notifications.ReleaseEvents? _events;

    /// <summary>The settings after cake.config, environment and argument overrides.</summary>
    public DeploySettings Settings { get; } = settings;

    /// <summary>Every setting's effective value with secrets redacted: the inputs the audit records.</summary>
    public IReadOnlyDictionary<string, string> Inputs { get; } = settingsReport.Redacted();

    /// <summary>The run's secret values: apply it to any text from outside (an exception, a tool's output) before showing or recording it.</summary>
    public SecretMask Secrets { get; } = settingsReport.Secrets;

    /// <summary>The repository root (the working directory).</summary>
    public string Repository => Environment.WorkingDirectory.FullPath;

    /// <summary>Where the chosen environment's state lives.</summary>
    public DeployPaths Paths => _paths ??= new DeployPaths(PathOf(Settings.StateDirectory), Settings.Environment);

    /// <summary>The chosen environment's definition; an unknown name is bad input naming the defined ones.</summary>
    public DeployEnvironment TargetEnvironment =>
        Settings.Environments.TryGetValue(Settings.Environment, out var found)
            ? found
            : throw new RecipeUsageException(
                $"Environment '{Settings.Environment}' is not defined. Defined environments: {string.Join(", ", Settings.Environments.Keys.Order())} (recipe.Environments in Program.cs).");

    /// <summary>The public port for this run: <c>--public-port</c> when given, else the environment's.</summary>
    public int PublicPort => Settings.PublicPort > 0 ? Settings.PublicPort : TargetEnvironment.PublicPort;

    /// <summary>The environment's servers for this run: the <c>hosts</c> setting when given, else the environment's; empty = this machine.</summary>
    public IReadOnlyList<string> Hosts =>
        (Settings.Hosts.Count > 0 ? Settings.Hosts : TargetEnvironment.Hosts).Select(h => h.Trim()).Where(h => h.Length > 0).ToList();

    /// <summary>Who is releasing: the actor setting, else the CI's user, else the OS user.</summary>
    public string Actor =>
        new[] { Settings.Actor, Environment.GetEnvironmentVariable("GITHUB_ACTOR"), Environment.GetEnvironmentVariable("GITLAB_USER_LOGIN"), System.Environment.UserName }
            .First(a => !string.IsNullOrWhiteSpace(a))!;

    /// <summary>The environment's audit trail.</summary>
    public AuditTrail Audit => _audit ??= new AuditTrail(Paths.Audit, Actor, Settings.Environment, Secrets, HostList);

    /// <summary>Where the run tells what happened to a release: the audit's <c>Release/*</c> records and every configured channel.</summary>
    public Notifications.ReleaseEvents Events => _events ??= new Notifications.ReleaseEvents(this, Notifications.ReleaseNotifiers.From(this));

    /// <summary>What environment-wide audit records name as their host: the hosts separated by <c>;</c>, or <c>local</c>.</summary>
    public string HostList => Hosts.Count == 0 ? Targets.Local.LocalTarget.HostName : string.Join(";", Hosts);

    /// <summary>The deployment lock this run holds, if its tasks change the environment.</summary>
    internal DeploymentLock? Lock { get; set; }

    /// <summary>A path from the settings, made absolute against the working directory.</summary>
    public string PathOf(string relative) => Path.GetFullPath(relative, Repository);

    /// <summary>Checks the settings that every environment-facing task relies on; throws naming the bad value.</summary>
    public void Validate()
    {
        if (!DeployPaths.IsValidEnvironmentName(Settings.Environment))
            throw new RecipeUsageException($"Environment name '{Settings.Environment}' is not valid: use {DeployPaths.EnvironmentNameRule}.");
        _ = TargetEnvironment;
        if (PublicPort is < 1 or > 65535)
            throw new RecipeUsageException($"Public port {PublicPort} is not valid: use 1-65535 (--public-port or the environment's PublicPort).");
        if (Settings.MaxErrorRate is < 0 or > 1)
            throw new RecipeUsageException($"Setting 'max-error-rate' is {Settings.MaxErrorRate}: use a share between 0 and 1, such as 0.01.");
        Health.VerificationSettings.Check(Settings);
        Strategies.WavePlan.Check(Settings.BatchSize);
        _ = Strategies.CanaryPlan.Parse(Settings.CanarySteps);
        _ = Strategies.AbortPlan.Parse(Settings.AbortSteps);
        if (Settings.Parallel < 1)
            throw new RecipeUsageException($"Setting 'parallel' is {Settings.Parallel}: use how many hosts are worked on at once, 1 or more (default 10).");
        if (Settings.KeepReleases < 2)
            throw new RecipeUsageException($"Setting 'keep-releases' is {Settings.KeepReleases}: keep at least 2 (the live release and the one to roll back to).");
        foreach (var item in Settings.AppSettings.Where(item => !item.Contains('=') || item.StartsWith('=')))
            throw new RecipeUsageException($"App setting '{item.Split('=')[0]}' has no value: write app settings as KEY=VALUE.");
        if (Settings.Database is not ("" or "sqlite" or "postgres"))
            throw new RecipeUsageException($"Setting 'database' is '{Settings.Database}': use sqlite, postgres, or leave it empty when the app has no database.");
        _ = Health.ReleaseHealth.From(Settings);
        if (Hosts.Count > 0)
            Targets.Ssh.FleetSettings.Check(this);
        Notifications.ReleaseNotifiers.Check(this);
        Containers.ImageSettingsCheck.Check(Settings, Repository);
    }

    /// <summary>
    /// The app's environment variables from the app-settings setting, with <c>{data}</c> resolved to
    /// <paramref name="dataDirectory"/> (default: this machine's data folder of the environment) and <c>{database}</c>
    /// replaced by <paramref name="databaseConnection"/> (default: the environment's database, its <c>{data}</c>
    /// resolved the same way).
    /// </summary>
    public IReadOnlyDictionary<string, string> AppEnvironment(string? databaseConnection = null, string? dataDirectory = null)
    {
        var data = dataDirectory ?? Paths.Data;
        // Only this machine's folder is made here: a host's data folder is the host's to make.
        if (data == Paths.Data)
            Directory.CreateDirectory(Paths.Data);
        // Resolved only when an app setting names it: a task that starts no app (SmokeTest, Status) needs no connection,
        // so a CI job that is given no database secret can still run it.
        var database = new Lazy<string>(() => databaseConnection ?? DatabaseConnectionWithData(data));
        return Settings.AppSettings
            .Select(item => item.Split('=', 2))
            .ToDictionary(
                pair => pair[0].Trim(),
                pair => pair[1].Replace("{data}", data) is var value && value.Contains("{database}") ? value.Replace("{database}", database.Value) : value,
                StringComparer.Ordinal);
    }

    /// <summary>
    /// The environment's database connection string with <c>{data}</c> resolved (empty when no database is declared).
    /// Checked where it is used, not up front, because only the tasks that touch the database or start the app need it:
    /// CI jobs that only smoke-test or report are never given the database secret.
    /// </summary>
    public string DatabaseConnection => DatabaseConnectionWithData(Paths.Data);

    private string DatabaseConnectionWithData(string data) =>
        Settings.Database.Length > 0 && Settings.DatabaseConnection.Length == 0
            ? throw new RecipeUsageException("Setting 'database' is set but 'database-connection' is empty: give the environment's connection string (DEPLOY_DATABASE_CONNECTION or --database-connection).")
            : Settings.DatabaseConnection.Replace("{data}", data);
}
