using Cake.Core;
using Cake.Core.Diagnostics;

namespace Deploy.Recipes.Hosting;

/// <summary>
/// Lets the real Cake engine walk the graph (so the order is exactly the order of a real run) while executing
/// nothing: each task is printed as a numbered step instead of run, with what a task that previews itself
/// (<see cref="IDryRunPreview"/>) can tell without running.
/// </summary>
internal sealed class DryRunExecutionStrategy(ICakeLog log, Func<string, IRecipeTask?>? taskNamed = null) : IExecutionStrategy
{
    private int _step;

    public void PerformSetup(Action<ISetupContext> action, ISetupContext context)
    {
    }

    public void PerformTeardown(Action<ITeardownContext> action, ITeardownContext teardownContext)
    {
    }

    public Task ExecuteAsync(CakeTask task, ICakeContext context)
    {
        _step++;
        var description = string.IsNullOrEmpty(task.Description) ? "" : $"  ({task.Description})";
        log.Information("{0,3}. {1}{2}", _step, task.Name, description);
        return taskNamed?.Invoke(task.Name) is IDryRunPreview preview ? PrintPreviewAsync(preview, context) : Task.CompletedTask;
    }

    private async Task PrintPreviewAsync(IDryRunPreview preview, ICakeContext context)
    {
        IReadOnlyList<string> lines;
        try
        {
            lines = await preview.PreviewAsync(context);
        }
        catch (Exception e)
        {
            // A preview is information: one that cannot be made must not end the dry run.
            lines = [$"(cannot be previewed: {e.Message})"];
        }

        foreach (var line in lines)
            log.Information("       {0}", line);
    }

    public void Skip(CakeTask task, CakeTaskCriteria criteria) =>
        log.Information("   -  {0} would be skipped{1}", task.Name, string.IsNullOrEmpty(criteria.Message) ? "" : $": {criteria.Message}");

    public Task ReportErrorsAsync(Func<Exception, Task> action, Exception exception) => Task.CompletedTask;

    public Task HandleErrorsAsync(Func<Exception, ICakeContext, Task> action, Exception exception, ICakeContext context) => Task.CompletedTask;

    public Task InvokeFinallyAsync(Func<ICakeContext, Task> action, ICakeContext context) => Task.CompletedTask;

    public void PerformTaskSetup(Action<ITaskSetupContext> action, ITaskSetupContext taskSetupContext)
    {
    }

    public void PerformTaskTeardown(Action<ITaskTeardownContext> action, ITaskTeardownContext taskTeardownContext)
    {
    }
}
