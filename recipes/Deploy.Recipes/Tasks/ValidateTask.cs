using Cake.Common.Diagnostics;
using Deploy.Recipes.Database;
using Deploy.Recipes.Hosting;
using Deploy.Recipes.Releases;
using Deploy.Recipes.Targets.Local;

namespace Deploy.Recipes.Tasks;

/// <summary>
/// The pre-deployment validator, before anything in production changes: on the staging clone, the pending migrations
/// are rehearsed (up, down, up, schema compared each time), then the new release runs against the clone and passes
/// the smoke checks.
/// </summary>
[TaskName("Validate")]
[TaskDescription("Rehearses the pending migrations (up, down, up) and smoke-checks the new release on the staging clone.")]
[IsDependentOn(typeof(PackageTask))]
[IsDependentOn(typeof(StagingCloneTask))]
[ChangesEnvironment]
public sealed class ValidateTask() : DatabaseTask("validate")
{
    /// <inheritdoc />
    public override Task RunAsync(DeployContext context) =>
        context.Audit.StepAsync("Validate", null, async () =>
        {
            var database = new EnvironmentDatabase(context);
            var artifact = ReleasePackaging.Folder(context);
            var manifest = ReleaseManifest.LoadFromArtifact(artifact);
            var app = Path.Combine(artifact, "app");
            using var migrations = ReleaseMigrations.Load(Path.Combine(app, manifest.App + ".dll"));

            var rehearsal = ReleaseValidation.Run(database, database.CloneConnection, migrations, context.Settings.AllowBreaking, await RunningReleases(context));
            foreach (var step in rehearsal.Steps)
                context.Information("Validate: {0}", step);
            if (!rehearsal.Reversible)
            {
                var note = $"no automatic database rollback: forward-only migration(s) {string.Join(", ", rehearsal.ForwardOnly)}";
                context.Warning("Validate: release {0} has {1}.", manifest.Version, note);
                context.Audit.Note("Validate/flag", null, "flagged", note);
            }

            var smoke = await TrialRun.SmokeAsync(app, manifest.App + ".dll", manifest.Version, context.AppEnvironment(database.CloneConnection),
                context.Settings.SmokeChecks, context.Settings.ReadyTimeout, Path.Combine(context.Paths.EnvironmentFolder, "validate.log"));
            context.Information("Validate: release {0} passed its smoke checks on the staging clone: {1}", manifest.Version, string.Join("; ", smoke));
            return $"{rehearsal.Applied.Count} migration(s) rehearsed; smoke checks passed on the clone";
        }, context.Inputs);

    private static async Task<IReadOnlyList<(string Release, long SchemaVersion)>> RunningReleases(DeployContext context)
    {
        var target = new LocalTarget(context);
        using var edge = target.Edge.Connect();
        if (edge == null)
            return [];
        var running = (await edge.StateAsync()).Slots.Where(s => s.Status is "running" or "starting" && s.Release != null);
        return running.Select(s => (s.Release!, target.History.Find(s.Release!)?.SchemaVersion ?? 0)).ToList();
    }
}
