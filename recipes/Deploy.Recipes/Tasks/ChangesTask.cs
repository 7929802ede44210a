using System.Text.Json;
using Cake.Common.Diagnostics;
using Cake.Core;
using Deploy.Recipes.Audit;
using Deploy.Recipes.Database;
using Deploy.Recipes.Hosting;
using Deploy.Recipes.Releases;
using Deploy.Recipes.Targets;

namespace Deploy.Recipes.Tasks;

/// <summary>
/// The plan's "what changed": what the packaged release brings since the live one (commits, pending migrations,
/// app-setting keys, digests), printed, audited as <c>Changes</c> and carried by every release event of the run. It runs
/// after Package and before Migrate (which depends on it), so it sees the database before anything is applied; it only
/// reads. A dry run prints what can be known without packaging: the commits up to HEAD and the setting keys.
/// </summary>
[TaskName("Changes")]
[TaskDescription("Says what the packaged release brings since the live one: commits, pending migrations, app-setting keys (names only), digests. Reads only.")]
[IsDependentOn(typeof(PackageTask))]
public sealed class ChangesTask : AsyncRecipeTask<DeployContext>, IDryRunPreview
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <inheritdoc />
    public override async Task RunAsync(DeployContext context)
    {
        var artifact = ReleasePackaging.Folder(context);
        var manifest = ReleaseManifest.LoadFromArtifact(artifact);
        await using var target = ReleaseTargets.For(context);
        Plan(context, target.History, manifest, artifact);
    }

    /// <summary>
    /// Reads what the release of <paramref name="manifest"/> brings, prints it, audits it and sets it on the run's release
    /// events (<see cref="Notifications.ReleaseEvents.Changes"/>). Deploy calls it too when this task did not run
    /// (<c>--exclusive</c>): the migrations it names then are those still pending at that point.
    /// </summary>
    public static ReleaseChanges Plan(DeployContext context, ReleaseHistory history, ReleaseManifest manifest, string artifact)
    {
        IReadOnlyList<string>? pending = null;
        string? why = null;
        try
        {
            pending = PendingMigrationsReading.Read(context, Path.Combine(artifact, "app", manifest.App + ".dll"));
        }
        catch (Exception e) when (e is not RecipeUsageException)
        {
            why = $"the database could not be read ({context.Secrets.Apply(e.Message)})";
        }

        var changes = ReleaseChangesReading.Read(context.Repository, history.Records, manifest.Commit, manifest.Sha256, context.Settings.AppSettings, pending, why);
        foreach (var line in ReleaseChangesText.Lines(changes))
            context.Information(line);
        var release = manifest.ReleaseId;
        context.Audit.Record("Changes", release, "planned", Summary(changes),
            new Dictionary<string, string> { ["version"] = manifest.Version, ["changes"] = JsonSerializer.Serialize(changes, Json) });
        context.Events.Changes = changes;
        return changes;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> PreviewAsync(ICakeContext cake)
    {
        var context = (DeployContext)cake;
        IReadOnlyList<ReleaseRecord> history;
        try
        {
            // A fleet's history is read over SSH and cached here: a dry run connects to nothing and writes nothing, so it
            // uses this machine's last copy.
            if (context.Hosts.Count > 0)
            {
                history = ReleaseHistory.Load(context.Paths.History).Records;
            }
            else
            {
                await using var target = ReleaseTargets.For(context);
                history = target.History.Records;
            }
        }
        catch (Exception e) when (e is not RecipeUsageException)
        {
            return [$"What changed: unknown (the release history could not be read: {context.Secrets.Apply(e.Message)})"];
        }

        var artifact = ReleasePackaging.Folder(context);
        if (context.Settings.Prebuilt && File.Exists(Path.Combine(artifact, ReleaseManifest.FileName)))
        {
            var manifest = ReleaseManifest.LoadFromArtifact(artifact);
            IReadOnlyList<string>? pending = null;
            string? why = null;
            try
            {
                pending = PendingMigrationsReading.Read(context, Path.Combine(artifact, "app", manifest.App + ".dll"));
            }
            catch (Exception e) when (e is not RecipeUsageException)
            {
                why = $"the database could not be read ({context.Secrets.Apply(e.Message)})";
            }

            return ReleaseChangesText.Lines(ReleaseChangesReading.Read(
                context.Repository, history, manifest.Commit, manifest.Sha256, context.Settings.AppSettings, pending, why));
        }

        // Nothing is packaged in a dry run: the release would be built from HEAD; its migrations and digest come with the artifact.
        return ReleaseChangesText.Lines(ReleaseChangesReading.Read(context.Repository, history, AppVersion.Commit(context.Repository), "",
            context.Settings.AppSettings, null, "not known in a dry run: they come with the packaged artifact (with --prebuilt, the packaged one's are shown)"));
    }

    private static string Summary(ReleaseChanges changes)
    {
        var commits = changes.Commits is { } c ? $"{c.Count} commit(s)" : "commits unknown";
        var settings = $"app settings +{changes.SettingsAdded.Count} -{changes.SettingsRemoved.Count} ~{changes.SettingsChanged.Count}";
        var since = changes.Previous == null ? "first release" : $"since {changes.Previous}";
        return $"{since}: {commits}, {changes.PendingMigrations.Count} migration(s) pending, {settings}, sha256 {changes.Digest[..Math.Min(12, changes.Digest.Length)]}";
    }
}
