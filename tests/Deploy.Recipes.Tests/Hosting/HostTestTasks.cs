using Cake.Core;
using Deploy.Recipes.Hosting;
using Deploy.Recipes.Tests.Support;

namespace Deploy.Recipes.Tests.Hosting;

internal sealed class JournalContext(ICakeContext context, Journal journal) : RecipeContext(context)
{
    public Journal Journal { get; } = journal;
}

[TaskName("First")]
[TaskDescription("The first step.")]
internal sealed class FirstTask : RecipeTask<JournalContext>
{
    public override void Run(JournalContext context) => context.Journal.Add("First");
}

[TaskName("Second")]
[IsDependentOn(typeof(FirstTask))]
internal sealed class SecondTask : AsyncRecipeTask<JournalContext>
{
    public override async Task RunAsync(JournalContext context)
    {
        await Task.Yield();
        context.Journal.Add("Second");
    }
}

[TaskName("Third")]
[IsDependentOn(typeof(SecondTask))]
internal sealed class ThirdTask : RecipeTask<JournalContext>
{
    public override void Run(JournalContext context) => context.Journal.Add("Third");
}

[TaskName("Prepare")]
[IsDependeeOf(typeof(ThirdTask))]
internal sealed class PrepareTask : RecipeTask<JournalContext>
{
    public override void Run(JournalContext context) => context.Journal.Add("Prepare");
}

[TaskName("Skipped")]
[IsDependentOn(typeof(FirstTask))]
internal sealed class SkippedTask : RecipeTask<JournalContext>
{
    public override bool ShouldRun(JournalContext context) => false;

    public override void Run(JournalContext context) => context.Journal.Add("Skipped");
}

[TaskName("AfterSkipped")]
[IsDependentOn(typeof(SkippedTask))]
internal sealed class AfterSkippedTask : RecipeTask<JournalContext>
{
    public override void Run(JournalContext context) => context.Journal.Add("AfterSkipped");
}

[TaskName("Failing")]
internal sealed class FailingTask : RecipeTask<JournalContext>
{
    public override void Run(JournalContext context) => throw new InvalidOperationException("the payment provider timed out");

    public override void Finally(JournalContext context) => context.Journal.Add("Failing.Finally");
}

[TaskName("AfterFailing")]
[IsDependentOn(typeof(FailingTask))]
internal sealed class AfterFailingTask : RecipeTask<JournalContext>
{
    public override void Run(JournalContext context) => context.Journal.Add("AfterFailing");
}

[TaskName("Handled")]
internal sealed class HandledTask : RecipeTask<JournalContext>
{
    public override void Run(JournalContext context) => throw new InvalidOperationException("handled failure");

    public override void OnError(Exception exception, JournalContext context) => context.Journal.Add("OnError: " + exception.Message);
}

[TaskName("AfterHandled")]
[IsDependentOn(typeof(HandledTask))]
internal sealed class AfterHandledTask : RecipeTask<JournalContext>
{
    public override void Run(JournalContext context) => context.Journal.Add("AfterHandled");
}

[TaskName("Rethrowing")]
internal sealed class RethrowingTask : RecipeTask<JournalContext>
{
    public override void Run(JournalContext context) => throw new InvalidOperationException("switch failed");

    public override void OnError(Exception exception, JournalContext context)
    {
        context.Journal.Add("rolled back");
        throw new InvalidOperationException("release failed and was rolled back: " + exception.Message);
    }
}

[TaskName("Succeeding")]
internal sealed class SucceedingTask : RecipeTask<JournalContext>
{
    public override void Run(JournalContext context) => context.Journal.Add("Succeeding");

    public override void Finally(JournalContext context) => context.Journal.Add("Succeeding.Finally");
}

[TaskName("Tolerated")]
[ContinueOnError]
internal sealed class ToleratedTask : RecipeTask<JournalContext>
{
    public override void Run(JournalContext context) => throw new InvalidOperationException("notification webhook down");

    public override void OnError(Exception exception, JournalContext context) => context.Journal.Add("OnError: " + exception.Message);
}

[TaskName("AfterTolerated")]
[IsDependentOn(typeof(ToleratedTask))]
internal sealed class AfterToleratedTask : RecipeTask<JournalContext>
{
    public override void Run(JournalContext context) => context.Journal.Add("AfterTolerated");
}

internal sealed class JournalLifetime(Journal journal) : RecipeLifetime<JournalContext>
{
    public override void Setup(JournalContext context, ISetupContext info) => journal.Add("Setup");

    public override void Teardown(JournalContext context, ITeardownContext info) => journal.Add("Teardown");
}
