using Cake.Core;

namespace Deploy.Recipes.Hosting;

/// <summary>
/// Cake's execution strategy with one rule added: once the run was interrupted (<see cref="RunInterruption"/>), no
/// further task starts. The task that was running when the signal came finishes or undoes itself; Cake's error
/// handling and teardown (which releases the deployment lock) still run.
/// </summary>
internal sealed class InterruptibleExecutionStrategy(IExecutionStrategy inner, RunInterruption interruption) : IExecutionStrategy
{
    public void PerformSetup(Action<ISetupContext> action, ISetupContext context) => inner.PerformSetup(action, context);

    public void PerformTeardown(Action<ITeardownContext> action, ITeardownContext teardownContext) => inner.PerformTeardown(action, teardownContext);

    public Task ExecuteAsync(CakeTask task, ICakeContext context)
    {
        interruption.ThrowIfInterrupted($"task {task.Name} was not started");
        return inner.ExecuteAsync(task, context);
    }

    public void Skip(CakeTask task, CakeTaskCriteria criteria) => inner.Skip(task, criteria);

    public Task ReportErrorsAsync(Func<Exception, Task> action, Exception exception) => inner.ReportErrorsAsync(action, exception);

    public Task HandleErrorsAsync(Func<Exception, ICakeContext, Task> action, Exception exception, ICakeContext context) =>
        inner.HandleErrorsAsync(action, exception, context);

    public Task InvokeFinallyAsync(Func<ICakeContext, Task> action, ICakeContext context) => inner.InvokeFinallyAsync(action, context);

    public void PerformTaskSetup(Action<ITaskSetupContext> action, ITaskSetupContext taskSetupContext) => inner.PerformTaskSetup(action, taskSetupContext);

    public void PerformTaskTeardown(Action<ITaskTeardownContext> action, ITaskTeardownContext taskTeardownContext) => inner.PerformTaskTeardown(action, taskTeardownContext);
}
