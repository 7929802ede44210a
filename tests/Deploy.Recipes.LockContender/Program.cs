using Cake.Common;
using Deploy.Recipes;
using Deploy.Recipes.Hosting;
using Deploy.Recipes.Tasks;

// Every contender says it is ready, then waits for the go file, so that all of them try for the lock at once.
if (Environment.GetEnvironmentVariable("LOCK_CONTENDER_GO") is { } go)
{
    Console.Out.WriteLine("READY");
    Console.Out.Flush();
    var deadline = DateTime.UtcNow.AddMinutes(2);
    while (!File.Exists(go) && DateTime.UtcNow < deadline)
        Thread.Sleep(2);
}

return new RecipeHost().UseDeployRecipe(_ => { }).Run(args);

/// <summary>Holds the environment's lock until the file named by <c>--release-file</c> appears (at most two minutes).</summary>
[TaskName("Hold")]
[ChangesEnvironment]
[ReadsArgument("release-file")]
internal sealed class HoldTask : RecipeTask<DeployContext>
{
    public override void Run(DeployContext context)
    {
        var release = context.Argument<string>("release-file");
        Console.Out.WriteLine($"HOLDING {Environment.ProcessId}");
        Console.Out.Flush();
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (!File.Exists(release) && DateTime.UtcNow < deadline)
            Thread.Sleep(20);
    }
}

/// <summary>Appends <c>--records</c> notes to the environment's audit trail (taking no deployment lock), for the test that processes writing at once keep one chain.</summary>
[TaskName("AuditBurst")]
[ReadsArgument("records")]
internal sealed class AuditBurstTask : RecipeTask<DeployContext>
{
    public override void Run(DeployContext context)
    {
        var count = context.Argument<int>("records");
        for (var i = 0; i < count; i++)
            context.Audit.Note("Burst", null, "written", $"process {Environment.ProcessId} note {i}");
    }
}
