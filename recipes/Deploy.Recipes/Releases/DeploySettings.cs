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

    /// <summary>
    /// Canary: the steps, comma-separated <c>WEIGHT%[:PAUSE]</c>, PAUSE a duration (<c>1m</c>, <c>20s</c>) or
    /// <c>manual</c> (wait for Promote); after the last step the canary takes 100%. Default: <c>5%:1m,25%:2m,50%:2m</c>.
    /// </summary>
    [Description("Canary: steps WEIGHT%[:PAUSE] separated by ',', PAUSE a duration (1m, 20s) or manual; then 100%.")]
    public string CanarySteps { get; set; } = "5%:1m,25%:2m,50%:2m";

    /// <summary>Canary on a fleet: how many hosts carry the canary (the first N); 0 means every host. Default: 0.</summary>
    [Description("Canary on a fleet: the canary runs on the first N hosts only; 0 = every host.")]
    public int CanaryHosts { get; set; }

    /// <summary>
    /// Abort: how traffic goes back to the stable release: <c>halve:5s</c> (the canary's weight halves every 5 s, then 0)
    /// or explicit steps <c>WEIGHT%:PAUSE,...</c> ending at 0%. Default: <c>halve:5s</c>. <c>--instant</c> moves it at once.
    /// </summary>
    [Description("Abort: how traffic goes back to stable: halve:DURATION, or steps WEIGHT%:PAUSE,... down to 0%.")]
    public string AbortSteps { get; set; } = "halve:5s";

    /// <summary>Abort: all traffic back to the stable release at once, not in <see cref="AbortSteps"/>. Default: false.</summary>
    [Description("Abort: move all traffic back to the stable release at once.")]
    public bool Instant { get; set; }

    /// <summary>Promote: skip the remaining canary steps and go to 100% (still watched after). Default: false.</summary>
    [Description("Promote: skip the remaining canary steps and go to 100%.")]
    public bool Full { get; set; }

    /// <summary>Analysis: how often a canary step (and the post-promotion watch) is judged. Default: 5 s.</summary>
    [Description("Analysis: how often the canary is judged against the stable release during a step and the watch.")]
    public TimeSpan AnalysisInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Analysis: fewest customer requests on each side for a verdict; fewer is inconclusive. Default: 50.</summary>
    [Description("Analysis: fewest customer requests each side (canary and stable) needs in a window; fewer is inconclusive.")]
    public int MinRequests { get; set; } = 50;

    /// <summary>Analysis: how long an inconclusive step may be extended, waiting for traffic, before <see cref="OnInconclusive"/>. Default: 1 min.</summary>
    [Description("Analysis: how long an inconclusive step is extended waiting for traffic before on-inconclusive applies.")]
    public TimeSpan MaxStepExtension { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Analysis: what an inconclusive step ends in once extended: pause (for a person), pass or fail. Default: pause.</summary>
    [Description("Analysis: what a step still inconclusive after max-step-extension does: pause, pass or fail.")]
    public InconclusiveAction OnInconclusive { get; set; } = InconclusiveAction.Pause;

    /// <summary>Analysis: consecutive metric read errors tolerated before the canary is aborted. Default: 4.</summary>
    [Description("Analysis: consecutive errors reading metrics tolerated before the canary is aborted.")]
    public int MaxAnalysisErrors { get; set; } = 4;

    /// <summary>Analysis: the canary's p95 and p99 latency may be at most this multiple of the stable release's (above <see cref="LatencyTolerance"/>). Default: 1.5.</summary>
    [Description("Analysis: largest ratio of the canary's p95/p99 latency to the stable release's.")]
    public double MaxLatencyRatio { get; set; } = 1.5;

    /// <summary>Analysis: latency differences smaller than this never fail the ratio (2 ms against 4 ms is noise). Default: 25 ms.</summary>
    [Description("Analysis: a canary at most this much slower than stable never fails max-latency-ratio.")]
    public TimeSpan LatencyTolerance { get; set; } = TimeSpan.FromMilliseconds(25);

    /// <summary>Analysis: the canary's p95 latency limit, whatever the stable release does. Default: 2 s.</summary>
    [Description("Analysis: absolute limit of the canary's p95 latency.")]
    public TimeSpan MaxP95Latency { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Analysis: the canary's p99 latency limit, whatever the stable release does. Default: 5 s.</summary>
    [Description("Analysis: absolute limit of the canary's p99 latency.")]
    public TimeSpan MaxP99Latency { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Analysis: where the numbers come from: the edge itself, or a Prometheus server that scrapes the edges. Default: edge.</summary>
    [Description("Analysis: where metrics come from: edge (read directly) or prometheus (prometheus-url).")]
    public AnalysisProvider AnalysisProvider { get; set; } = AnalysisProvider.Edge;

    /// <summary>Analysis with <c>prometheus</c>: the server's base URL. Default: empty.</summary>
    [Description("Analysis with prometheus: the Prometheus server's base URL.")]
    [Secret]
    public string PrometheusUrl { get; set; } = "";

    /// <summary>
    /// Analysis with <c>prometheus</c>: per-metric query overrides, <c>METRIC=PROMQL</c> separated by <c>;</c>.
    /// Default: empty (the built-in queries over the edge's series).
    /// </summary>
    [Description("Analysis with prometheus: query overrides METRIC=PROMQL separated by ';'.")]
    public List<string> PrometheusQueries { get; set; } = [];

    /// <summary>
    /// How long a release is watched after it took all traffic (canary at 100%, blue-green after its switch) while the
    /// previous release is still warm; a failure then switches back by itself. At most the bake time; 0 = no watch. Default: 2 min.
    /// </summary>
    [Description("After a release took all traffic: how long it is still judged while the previous one is warm (0 = no watch).")]
    public TimeSpan WatchTime { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Flag: the feature flag to change. Default: empty.</summary>
    [Description("Flag: the feature flag to change.")]
    public string Flag { get; set; } = "";

    /// <summary>Flag: the share of users (0-100) the flag is on for; -1 leaves it as it is. Default: -1.</summary>
    [Description("Flag: share of users (0-100) the flag is on for; -1 leaves it.")]
    public int Percent { get; set; } = -1;

    /// <summary>Flag: users the flag is on for, whatever the percentage, separated by <c>;</c> or <c>,</c>. Default: empty.</summary>
    [Description("Flag: users the flag is on for, whatever the percentage (separated by ';' or ',').")]
    public List<string> Users { get; set; } = [];

    /// <summary>Flag: the kill switch: the flag goes off for everyone. Default: false.</summary>
    [Description("Flag: the kill switch; the flag goes off for everyone.")]
    public bool Off { get; set; }

    /// <summary>Notifications: a Slack incoming-webhook URL (a secret); release events are posted there. Default: empty (none).</summary>
    [Description("Notifications: Slack incoming-webhook URL (release events as blocks with a text fallback).")]
    [Secret]
    public string NotifySlack { get; set; } = "";

    /// <summary>Notifications: a Microsoft Teams workflow webhook URL (a secret); release events are posted as Adaptive Cards. Default: empty (none).</summary>
    [Description("Notifications: Microsoft Teams workflow webhook URL (release events as Adaptive Cards).")]
    [Secret]
    public string NotifyTeams { get; set; } = "";

    /// <summary>Notifications: a generic webhook URL (a secret); release events are posted as signed JSON. Default: empty (none).</summary>
    [Description("Notifications: generic webhook URL (JSON, signed with notify-webhook-secret).")]
    [Secret]
    public string NotifyWebhook { get; set; } = "";

    /// <summary>
    /// Notifications: the generic webhook's signing secret: HMAC-SHA256 in <c>X-Hub-Signature-256</c> and the Standard Webhooks
    /// headers (a <c>whsec_</c> secret is base64 after the prefix, as that convention says). Default: empty (unsigned).
    /// </summary>
    [Description("Notifications: the generic webhook's signing secret (X-Hub-Signature-256 and Standard Webhooks headers).")]
    [Secret]
    public string NotifyWebhookSecret { get; set; } = "";

    /// <summary>Notifications: how long one event may take on one channel, retries included; then a warning and an audit record. Default: 10 s.</summary>
    [Description("Notifications: the most one event may take on one channel, retries included (then a warning; the release goes on).")]
    public TimeSpan NotifyTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>GitHub deployments: a token allowed to write deployments (a secret). Default: empty (GitHub is not told).</summary>
    [Description("GitHub deployments: a token with deployments write access (empty: GitHub is not told).")]
    [Secret]
    public string GithubToken { get; set; } = "";

    /// <summary>GitHub deployments: the repository as <c>owner/name</c>. Default: empty (GITHUB_REPOSITORY in GitHub Actions).</summary>
    [Description("GitHub deployments: the repository owner/name (default: GITHUB_REPOSITORY in GitHub Actions).")]
    public string GithubRepository { get; set; } = "";

    /// <summary>GitHub deployments: the API's base URL, for GitHub Enterprise Server. Default: empty (GITHUB_API_URL, else github.com's API).</summary>
    [Description("GitHub deployments: the API base URL for GitHub Enterprise Server (default: GITHUB_API_URL, else github.com).")]
    public string GithubApiUrl { get; set; } = "";

    /// <summary>The URL people are linked to for the environment (notifications, GitHub's environment_url, the report). Default: empty (the first host's public URL).</summary>
    [Description("The environment's URL in notifications, GitHub deployments and the report (default: the first host's public URL).")]
    public string EnvironmentUrl { get; set; } = "";

    /// <summary>Report: the folder release reports are written to, relative to the repository. Default: <c>artifacts</c>.</summary>
    [Description("Report: the folder release reports (HTML and Markdown) are written to.")]
    public string ReportDirectory { get; set; } = "artifacts";

    /// <summary>Report: the release to report on (an id or a version). Default: empty (the environment's latest).</summary>
    [Description("Report: the release to report on (id or version; default: the latest).")]
    public string Release { get; set; } = "";

    /// <summary>Dora: how far back to look, a duration such as <c>90d</c>, <c>12w</c> or <c>720h</c>. Default: 90d.</summary>
    [Description("Dora: how far back to look (90d, 12w, 720h).")]
    public string Since { get; set; } = "90d";

    /// <summary>
    /// What Package makes and Deploy runs: <c>folder</c> (a published folder run as <c>dotnet App.dll</c> by the edge) or
    /// <c>image</c> (an OCI image pushed to <see cref="Registry"/> and run by digest as a container on every host, the
    /// edge only routing to it). Default: folder.
    /// </summary>
    [Description("What Package makes and Deploy runs: folder (dotnet App.dll in a slot) or image (an OCI image in registry, run by digest as a container).")]
    public ArtifactKind Artifact { get; set; } = ArtifactKind.Folder;

    /// <summary>
    /// Images: the registry (and optional namespace) images are pushed to and pulled from, e.g. <c>registry.example.com/team</c>
    /// or <c>127.0.0.1:5000</c>; a loopback registry is spoken to over plain HTTP. Required with <c>artifact=image</c>. Default: empty.
    /// </summary>
    [Description("Images: the registry (host[:port][/namespace]) images are pushed to and pulled from; required with artifact=image.")]
    public string Registry { get; set; } = "";

    /// <summary>Images: the image's repository name within <see cref="Registry"/>. Default: empty (the app's name in lower case).</summary>
    [Description("Images: the repository name within the registry (default: the app's name in lower case).")]
    public string ImageName { get; set; } = "";

    /// <summary>Images: the registry user. Default: empty (the registry is used without credentials).</summary>
    [Description("Images: the registry user (empty: no credentials).")]
    public string RegistryUser { get; set; } = "";

    /// <summary>
    /// Images: the registry password or token (a secret). It reaches the tools that need it on standard input or in their
    /// environment, never on a command line. Default: empty.
    /// </summary>
    [Description("Images: the registry password or token (given to tools on standard input, never on a command line).")]
    [Secret]
    public string RegistryPassword { get; set; } = "";

    /// <summary>
    /// Images built by the .NET SDK: the base image (<c>ContainerBaseImage</c>). Default: empty (the SDK's own choice for the
    /// app's target framework).
    /// </summary>
    [Description("Images built by the .NET SDK: the base image (default: the SDK's own choice).")]
    public string BaseImage { get; set; } = "";

    /// <summary>
    /// Images: the repository's Dockerfile to build with the Docker CLI, relative to the repository (the build context is
    /// the repository). Default: empty (the .NET SDK builds the image: no Dockerfile and no Docker daemon needed).
    /// </summary>
    [Description("Images: a Dockerfile to build with the Docker CLI (default: empty, the .NET SDK builds the image).")]
    public string Dockerfile { get; set; } = "";

    /// <summary>
    /// Images: the Docker daemon the <c>docker</c> CLI talks to, here and on every host (its <c>--host</c>, e.g.
    /// <c>unix:///run/docker.sock</c>). Default: empty (the CLI's own default: DOCKER_HOST, else the standard socket).
    /// </summary>
    [Description("Images: the Docker daemon the docker CLI uses here and on every host (default: the CLI's own).")]
    public string DockerHost { get; set; } = "";

    /// <summary>
    /// Images: the containers' restart policy (<c>no</c>, <c>on-failure[:N]</c>, <c>always</c>, <c>unless-stopped</c>), so a
    /// release survives a crash or a host reboot the way a process slot is restarted by the edge. Default: unless-stopped.
    /// </summary>
    [Description("Images: the containers' restart policy (no, on-failure[:N], always, unless-stopped).")]
    public string RestartPolicy { get; set; } = "unless-stopped";
}
