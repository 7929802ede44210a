using Cake.Core;

namespace Deploy.Recipes.Hosting;

/// <summary>
/// A task that can say, in a dry run, what it would do with what is known before anything runs (the plan's "what
/// changed", say). The dry run prints the lines under the task's step; it must read only.
/// </summary>
public interface IDryRunPreview
{
    /// <summary>The lines to print under the task's step.</summary>
    Task<IReadOnlyList<string>> PreviewAsync(ICakeContext context);
}
