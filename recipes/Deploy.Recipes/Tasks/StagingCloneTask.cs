using Cake.Common.Diagnostics;
using Deploy.Recipes.Database;
using Deploy.Recipes.Hosting;

namespace Deploy.Recipes.Tasks;

/// <summary>Copies the environment's database into its staging clone, safely while the app writes.</summary>
[TaskName("StagingClone")]
[TaskDescription("Copies the environment's database into a staging clone for validation.")]
[ChangesEnvironment]
public sealed class StagingCloneTask() : DatabaseTask("clone")
{
    /// <inheritdoc />
    public override Task RunAsync(DeployContext context) =>
        context.Audit.StepAsync("StagingClone", null, () =>
        {
            var database = new EnvironmentDatabase(context);
            if (!database.Exists)
            {
                database.Engine.DropClone(database.CloneConnection);
                context.Information("StagingClone: '{0}' has no database yet (first release); validation starts from an empty one.", context.Settings.Environment);
                return Task.FromResult("no database yet: the clone starts empty");
            }

            var clone = database.Engine.Clone(database.Connection, database.CloneName);
            var summary = $"{clone.Bytes / 1048576.0:0.0} MB in {clone.Elapsed.TotalSeconds:0.00} s by {clone.Method}";
            context.Information("StagingClone: cloned '{0}' to {1}: {2}.", context.Settings.Environment, database.CloneName, summary);
            return Task.FromResult(summary);
        }, context.Inputs);
}
