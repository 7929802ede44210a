using System.ComponentModel;
using Deploy.Recipes.Database;
using Deploy.Recipes.Hosting;

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

    /// <summary>
    /// Path of the app's project file, relative to the repository root. Default: empty, meaning the only ASP.NET Core
    /// project (<c>Sdk="Microsoft.NET.Sdk.Web"</c>) in the repository outside <c>build/</c>; several are an error listing them.
    /// </summary>
    [Description("The app's project file (.csproj), relative to the repository root; empty = the only ASP.NET Core project found outside build/.")]
    public string App { get; set; } = "";

    /// <summary>
    /// Test projects the Test task runs. Default: empty, meaning every project outside <c>build/</c> that references
    /// <c>Microsoft.NET.Test.Sdk</c> (none found: Test is skipped and says so); <c>none</c> runs no tests.
    /// </summary>
    [Description("Test projects the Test task runs, separated by ';'; empty = every project referencing Microsoft.NET.Test.Sdk outside build/; none = no tests.")]
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

    /// <summary>How a release replaces the live one. Default: <see cref="ReleaseStrategy.BlueGreen"/>.</summary>
    [Description("How a release replaces the live one.")]
    public ReleaseStrategy Strategy { get; set; } = ReleaseStrategy.BlueGreen;

    /// <summary>The environments releases can go to, by name. Default: <c>local</c> on port 5080.</summary>
    public Dictionary<string, DeployEnvironment> Environments { get; } =
        new(StringComparer.OrdinalIgnoreCase) { ["local"] = new DeployEnvironment { PublicPort = 5080 } };

    /// <summary>Overrides the environment's public port for this run; 0 keeps the environment's own. Default: 0.</summary>
    [Description("Public port of the environment's edge on 127.0.0.1; 0 keeps the environment's configured port.")]
    public int PublicPort { get; set; }

    /// <summary>Environment variables for the app's processes, as <c>KEY=VALUE</c>; <c>{data}</c> becomes the environment's data folder. Values never reach logs or the audit.</summary>
    [Description("Environment variables for the app (KEY=VALUE;...); {data} is the environment's data folder. Values are never shown.")]
    [SecretValues]
    public List<string> AppSettings { get; set; } = [];

    /// <summary>
    /// The smoke checks, each <c>PATH[=STATUS][~BODY]</c> (such as <c>/=302</c> or <c>/openapi/v1.json=200~"openapi"</c>;
    /// default expectation 2xx, redirects not followed). Each must also be answered by the new release (the edge's
    /// <c>X-Deploy-Release</c>; <c>X-App-Version</c> only if the app sends it). Default: empty, meaning the ready path alone.
    /// </summary>
    [Description("Smoke checks, PATH[=STATUS][~BODY] separated by ';' (e.g. /=302;/openapi/v1.json=200~\"openapi\"); empty means the ready path alone.")]
    public List<string> SmokeChecks { get; set; } = [];

    /// <summary>How long a new release may take to answer its ready path with 2xx. Default: 60 s.</summary>
    [Description("How long a new release may take to answer its ready path (ready-path) with 2xx.")]
    public TimeSpan ReadyTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long customer traffic on a new release is watched after the switch before the release counts as good. Default: 10 s.</summary>
    [Description("How long the new release is watched after the switch (error rate, readiness) before it counts as good.")]
    public TimeSpan VerifyTime { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Largest share of customer requests to the new release that may fail during verification: answered 5xx, slower than
    /// <see cref="MaxLatency"/>, or in flight for longer than it. Default: 0.01 (1%).
    /// </summary>
    [Description("Largest share of failed customer requests (5xx, slower than max-latency, or still in flight past it) allowed during verification (0.01 = 1%).")]
    public double MaxErrorRate { get; set; } = 0.01;

    /// <summary>
    /// Longest a customer request to the new release may take while it is verified: a slower response, or a request
    /// still in flight for longer, counts as failed. Default: 5 s.
    /// </summary>
    [Description("Longest a customer request may take while a new release is verified; slower or still in flight counts as failed.")]
    public TimeSpan MaxLatency { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Lets <c>--verify-time=0</c> through: the release goes live unverified and the audit says so. Default: false.</summary>
    [Description("Allow --verify-time=0: the release goes live without post-switch verification (the audit records it).")]
    public bool SkipVerification { get; set; }

    /// <summary>How long the previous release stays warm after a good switch (rollback in under a second), before it is drained and stopped. Default: 15 min.</summary>
    [Description("How long the previous release stays warm after a switch, so Rollback is instant.")]
    public TimeSpan BakeTime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Longest wait for in-flight requests when a slot is drained. Default: 10 s.</summary>
    [Description("Longest wait for in-flight requests when a release is drained before it stops.")]
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How many releases each environment keeps installed under <c>.deploy/releases</c>; whatever any environment runs,
    /// keeps warm or would roll back to is never removed. Default: 5.
    /// </summary>
    [Description("Releases kept per environment under .deploy/releases (anything an environment runs, keeps warm or would roll back to is always kept).")]
    public int KeepReleases { get; set; } = 5;

    /// <summary>How long to wait for another deploy's lock on the environment; 0 fails at once. Default: 0.</summary>
    [Description("How long to wait for another run's deployment lock; 0 fails at once naming the holder.")]
    public TimeSpan LockWait { get; set; } = TimeSpan.Zero;

    /// <summary>Breaks a deployment lock left by a run that was killed. Default: false.</summary>
    [Description("Break a deployment lock left behind by a killed run.")]
    public bool ForceUnlock { get; set; }

    /// <summary>
    /// Overrides a safety refusal that names this flag: rolling back to a release recorded as failed, migrating without
    /// a validation of this exact release, restoring a backup whose schema differs from the live release's. Default: false.
    /// </summary>
    [Description("Override a safety refusal that names --force (failed rollback target, unvalidated migrations, schema mismatch on restore).")]
    public bool Force { get; set; }

    /// <summary>
    /// Lets a run that changes an environment go ahead with arguments that name no setting and that no task declares
    /// it reads. Default: false.
    /// </summary>
    [Description("Let a run that changes an environment accept arguments that name no setting and no task reads.")]
    public bool AllowUnknownArguments { get; set; }

    /// <summary>Rollback target: a release id or version; empty means the release live before the current one.</summary>
    [Description("Rollback: the release id or version to go back to; empty means the previous live release.")]
    public string To { get; set; } = "";

    /// <summary>Output of Status: text or json. Default: text.</summary>
    [Description("Output of Status.")]
    public OutputFormat Format { get; set; } = OutputFormat.Text;

    /// <summary>The HTML customers see in maintenance mode.</summary>
    [Description("The HTML page customers get during maintenance.")]
    public string MaintenanceMessage { get; set; } =
        "<!doctype html><title>Back soon</title><h1>We are improving the shop</h1><p>We will be back in a few minutes. Thank you for your patience.</p>";

    /// <summary>Seconds sent in Retry-After during maintenance. Default: 300.</summary>
    [Description("Seconds sent in Retry-After during maintenance.")]
    public int RetryAfter { get; set; } = 300;

    /// <summary>Who is releasing, for the audit; empty means the CI user (GITHUB_ACTOR, GITLAB_USER_LOGIN) or the OS user.</summary>
    [Description("Who is releasing, for the audit; empty means the CI user or the OS user.")]
    public string Actor { get; set; } = "";

    /// <summary>
    /// Where the local target keeps releases, history, audit, locks and data: relative to the repository or absolute.
    /// CI jobs that deploy to the same machine from different checkouts point it at one fixed folder. Default: <c>.deploy</c>.
    /// </summary>
    [Description("Where the local target keeps releases, history, audit, locks and data (relative to the repository, or absolute).")]
    public string StateDirectory { get; set; } = ".deploy";

    /// <summary>
    /// Deploys the artifact already packaged in the artifacts folder: Restore, Build, Test and Package are skipped
    /// (they ran in an earlier CI stage), while the database steps still run. Default: false.
    /// </summary>
    [Description("Use the artifact already packaged (an earlier CI stage built and tested it): skip Restore, Build, Test and Package.")]
    public bool Prebuilt { get; set; }

    /// <summary>The app's database kind for clone, validation and migrations; empty means the app manages no database through the recipe.</summary>
    [Description("The app's database for clone/validate/migrate: empty (none), sqlite or postgres.")]
    public string Database { get; set; } = "";

    /// <summary>The environment's database connection string; <c>{data}</c> becomes the environment's data folder. Never shown.</summary>
    [Description("The environment's database connection string ({data} is the environment's data folder). Never shown.")]
    [Secret]
    public string DatabaseConnection { get; set; } = "";

    /// <summary>Lets breaking (contract) migrations run, once no running release needs the old shape. Default: false.</summary>
    [Description("Allow breaking (contract) migrations, once no running release still needs the old shape.")]
    public bool AllowBreaking { get; set; }

    /// <summary>Confirms a destructive task such as RestoreDatabase. Default: false.</summary>
    [Description("Confirms a destructive task (RestoreDatabase).")]
    public bool Confirm { get; set; }

    /// <summary>RestoreDatabase: the backup file to restore; empty means the newest backup of the environment.</summary>
    [Description("RestoreDatabase: the backup file to restore; empty means the environment's newest backup.")]
    public string Backup { get; set; } = "";

    /// <summary>Database backups kept per environment; the safety backup of the last restore is never removed. Default: 10.</summary>
    [Description("Database backups kept per environment (the safety backup of the last restore is always kept).")]
    public int KeepBackups { get; set; } = 10;

    /// <summary>
    /// The path a release must answer 2xx on before it takes traffic and while it is verified. A running app that
    /// answers only 404 there fails within seconds, with the fix. Default: <c>/health/ready</c>.
    /// </summary>
    [Description("Path the app answers 2xx on when it can take traffic (checked before the switch and during verification).")]
    public string ReadyPath { get; set; } = Health.ReleaseHealth.DefaultReadyPath;

    /// <summary>
    /// Which engine reads and runs the release's migrations: <c>auto</c> (by what the release references: EF Core or
    /// FluentMigrator; a release with both must name one), <c>fluentmigrator</c> or <c>efcore</c>. Default: <c>auto</c>.
    /// </summary>
    [Description("Migration engine: auto (by what the release references), fluentmigrator or efcore.")]
    public MigrationEngine Migrations { get; set; } = MigrationEngine.Auto;

    /// <summary>EF Core: the DbContext whose migrations run (class name or full name), needed when the app has several. Default: empty (the only one).</summary>
    [Description("EF Core: the DbContext whose migrations run (class or full name), when the app has several.")]
    public string DbContext { get; set; } = "";

    /// <summary>
    /// Baseline: the newest migration whose schema the existing database already has (an EF Core migration id, or a
    /// FluentMigrator version number); migrations up to it are recorded as applied. Default: empty (Baseline asks for it).
    /// </summary>
    [Description("Baseline: the newest migration the existing database's schema already has (EF Core id or FluentMigrator version).")]
    public string Baseline { get; set; } = "";

    /// <summary>
    /// The environment's servers for this run, each <c>user@address[:port]</c>, separated by <c>;</c>; overrides the
    /// environment's <see cref="DeployEnvironment.Hosts"/>. Default: empty (the environment's own; none = the local target).
    /// </summary>
    [Description("Servers of the environment for this run: user@address[:port] separated by ';' (overrides the environment's Hosts; none = this machine).")]
    public List<string> Hosts { get; set; } = [];

    /// <summary>Path of the private key the SSH target logs in with. Default: empty (<c>~/.ssh/id_ed25519</c>, else <c>~/.ssh/id_rsa</c>).</summary>
    [Description("SSH target: path of the private key to log in with (default ~/.ssh/id_ed25519, else ~/.ssh/id_rsa).")]
    [Secret]
    public string SshKey { get; set; } = "";

    /// <summary>The known-hosts file host keys are checked against. Default: <c>~/.ssh/known_hosts</c>.</summary>
    [Description("SSH target: known-hosts file the hosts' keys are checked against.")]
    public string KnownHosts { get; set; } = "~/.ssh/known_hosts";

    /// <summary>Records the keys of hosts not yet in the known-hosts file (never a changed key). Default: false.</summary>
    [Description("SSH target: record the key of a host not yet known (a changed key is always refused).")]
    public bool TrustNewHosts { get; set; }

    /// <summary>The address each host's edge listens on for customers; empty means the host's own address. Default: empty.</summary>
    [Description("SSH target: address the edge listens on for customers on each host; empty = the host's address.")]
    public string EdgeBind { get; set; } = "";

    /// <summary>How many hosts are worked on at once. Default: 10.</summary>
    [Description("SSH target: how many hosts are worked on at once.")]
    public int Parallel { get; set; } = 10;

    /// <summary>Rolling: hosts per wave, a number (<c>5</c>) or a share of the fleet (<c>25%</c>). Default: 1.</summary>
    [Description("Rolling: hosts per wave, a number (5) or a share of the fleet (25%).")]
    public string BatchSize { get; set; } = "1";

    /// <summary>Rolling: how long each wave is watched after its switch before the next starts. Default: 10 s.</summary>
    [Description("Rolling: how long each wave is verified after its switch before the next wave starts.")]
    public TimeSpan WaveVerifyTime { get; set; } = TimeSpan.FromSeconds(10);
}
