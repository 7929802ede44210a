using Cake.Common;
using Deploy.Recipes.Hosting;
using Deploy.Recipes.Tasks;
using Deploy.Recipes.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Recipe;

/// <summary>
/// An argument that names no setting never lets an environment change with defaults: a near miss stops every run,
/// and a run that changes an environment refuses any argument that no task of it declares it reads.
/// </summary>
public sealed class UnknownArgumentTests
{
    [TestCase("--verify-tme=30", "did you mean --verify-time?")]
    [TestCase("--max-eror-rate=0", "did you mean --max-error-rate?")]
    [TestCase("--dry-run", "did you mean --dryrun?")]
    public void A_mistyped_setting_stops_the_run_before_anything_changes(string argument, string hint)
    {
        using var repository = new TemporaryFolder();

        var run = Run(repository.Path, "--target=ChangeProbe", argument);

        Assert.That(run.Exit, Is.Not.EqualTo(0));
        Assert.That(run.Console.Error, Does.Contain(hint).And.Contain("Nothing was run"));
        Assert.That(run.Journal.Entries, Is.Empty);
        Assert.That(Directory.Exists(Path.Combine(repository.Path, ".deploy")), Is.False, "no lock, no audit, no state");
    }

    [Test]
    public void A_mistyped_setting_never_shows_its_value()
    {
        using var repository = new TemporaryFolder();

        var run = Run(repository.Path, "--target=ReadProbe", "--database-conection=Password=s3cret");

        Assert.That(run.Exit, Is.Not.EqualTo(0));
        Assert.That(run.Console.All, Does.Contain("did you mean --database-connection?").And.Not.Contain("s3cret"));
    }

    [Test]
    public void A_run_that_changes_an_environment_refuses_an_argument_no_setting_names()
    {
        using var repository = new TemporaryFolder();

        var run = Run(repository.Path, "--target=ChangeProbe", "--surge-steps=5");

        Assert.That(run.Exit, Is.Not.EqualTo(0));
        Assert.That(run.Console.Error, Does.Contain("Argument(s) --surge-steps name no setting").And.Contain("--allow-unknown-arguments").And.Contain("[ReadsArgument"));
        Assert.That(run.Journal.Entries, Is.Empty);
        Assert.That(File.Exists(Path.Combine(repository.Path, ".deploy", "local", "deploy.lock")), Is.False);
    }

    [Test]
    public void A_run_that_changes_an_environment_takes_an_unknown_argument_with_allow_unknown_arguments()
    {
        using var repository = new TemporaryFolder();

        var run = Run(repository.Path, "--target=ChangeProbe", "--surge-steps=5", "--allow-unknown-arguments");

        Assert.That(run.Exit, Is.EqualTo(0), run.Console.All);
        Assert.That(run.Journal.Entries, Is.EqualTo(new[] { "ChangeProbe" }));
        Assert.That(run.Console.All, Does.Contain("--surge-steps name no setting"), "it is still said");
    }

    [Test]
    public void A_run_that_changes_an_environment_takes_an_argument_a_task_of_it_declares_it_reads()
    {
        using var repository = new TemporaryFolder();

        var run = Run(repository.Path, "--target=ChangeWithRegion", "--region=eu-west");

        Assert.That(run.Exit, Is.EqualTo(0), run.Console.All);
        Assert.That(run.Journal.Entries, Is.EqualTo(new[] { "ChangeProbe", "region eu-west" }));
    }

    [Test]
    public void A_run_that_changes_nothing_hands_an_unknown_argument_to_its_tasks_as_Cake_does()
    {
        using var repository = new TemporaryFolder();

        var run = Run(repository.Path, "--target=ReadProbe", "--region=eu-west");

        Assert.That(run.Exit, Is.EqualTo(0), run.Console.All);
        Assert.That(run.Journal.Entries, Is.EqualTo(new[] { "region eu-west" }));
    }

    private static (int Exit, CapturingConsole Console, Journal Journal) Run(string repository, params string[] args)
    {
        var console = new CapturingConsole();
        var journal = new Journal();
        var exit = new RecipeHost()
            .UseDeployRecipe(_ => { })
            .AddTask<ChangeProbeTask>()
            .AddTask<ReadProbeTask>()
            .AddTask<ChangeWithRegionTask>()
            .ConfigureServices(services => services.AddSingleton(journal))
            .UseWorkingDirectory(repository)
            .UseConsole(console)
            .UseEnvironmentVariables(_ => null)
            .Run(args);
        return (exit, console, journal);
    }

    [TaskName("ChangeProbe")]
    [ChangesEnvironment]
    internal sealed class ChangeProbeTask(Journal journal) : RecipeTask<DeployContext>
    {
        public override void Run(DeployContext context) => journal.Add("ChangeProbe");
    }

    [TaskName("ReadProbe")]
    internal sealed class ReadProbeTask(Journal journal) : RecipeTask<DeployContext>
    {
        public override void Run(DeployContext context) => journal.Add("region " + context.Argument("region", "(none)"));
    }

    [TaskName("ChangeWithRegion")]
    [IsDependentOn(typeof(ChangeProbeTask))]
    [ReadsArgument("region")]
    internal sealed class ChangeWithRegionTask(Journal journal) : RecipeTask<DeployContext>
    {
        public override void Run(DeployContext context) => journal.Add("region " + context.Argument("region", "(none)"));
    }
}
