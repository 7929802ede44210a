using Cake.Common.Diagnostics;
using Deploy.Recipes.Database;
using Deploy.Recipes.Hosting;

namespace Deploy.Recipes.Tasks;

/// <summary>Replaces the environment's database with a backup. Destructive: it asks for <c>--confirm</c>.</summary>
[TaskName("RestoreDatabase")]
[TaskDescription("Replaces the environment's database with a backup (--backup=<file>, default the newest); needs --confirm.")]
[ChangesEnvironment]
public sealed class RestoreDatabaseTask() : DatabaseTask("restore")
{
    /// <inheritdoc />
    public override Task RunAsync(DeployContext context) =>
        context.Audit.StepAsync("RestoreDatabase", null, () =>
        {
            var database = new EnvironmentDatabase(context);
            var backup = context.Settings.Backup.Length > 0 ? context.PathOf(context.Settings.Backup) : database.NewestBackup()
                         ?? throw new InvalidOperationException($"There is no backup of '{context.Settings.Environment}' in {database.Backups}.");
            if (!context.Settings.Confirm)
                throw new RecipeUsageException(
                    $"RestoreDatabase replaces the whole database of '{context.Settings.Environment}' with {backup}; every change since then is lost. Rerun with --confirm to do it.");
            database.Engine.Restore(backup, database.Connection);
            context.Information("Restored '{0}' from {1}.", context.Settings.Environment, backup);
            return Task.FromResult($"restored from {backup}");
        }, context.Inputs);
}
