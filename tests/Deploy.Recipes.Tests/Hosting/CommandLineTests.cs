using Deploy.Recipes.Hosting;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Hosting;

public sealed class CommandLineTests
{
    [Test]
    public void An_unknown_target_fails_listing_the_valid_targets_and_suggesting_the_nearest()
    {
        var run = HostRun.Of(h => HostRun.AllTasks(h), "--target=Secnod");

        Assert.That(run.ExitCode, Is.Not.EqualTo(0));
        Assert.That(run.Journal.Entries, Is.Empty);
        Assert.That(run.Console.Error, Does.Contain("Target 'Secnod' does not exist").And.Contain("Did you mean 'Second'?")
            .And.Contain("Valid targets: AfterFailing, AfterHandled"));
    }

    [Test]
    public void A_bad_verbosity_names_the_valid_values()
    {
        var run = HostRun.Of(h => HostRun.AllTasks(h), "--target=First", "--verbosity=loud");

        Assert.That(run.ExitCode, Is.Not.EqualTo(0));
        Assert.That(run.Journal.Entries, Is.Empty);
        Assert.That(run.Console.Error, Does.Contain("Verbosity 'loud' is not valid").And.Contain("quiet, minimal, normal, verbose, diagnostic"));
    }

    [Test]
    public void A_positional_argument_is_refused_with_the_expected_shape()
    {
        var run = HostRun.Of(h => HostRun.AllTasks(h), "First");

        Assert.That(run.ExitCode, Is.Not.EqualTo(0));
        Assert.That(run.Console.Error, Does.Contain("Unexpected argument 'First'").And.Contain("--key=value"));
    }

    [Test]
    public void Without_a_target_the_Default_task_is_required()
    {
        var run = HostRun.Of(h => HostRun.AllTasks(h));

        Assert.That(run.ExitCode, Is.Not.EqualTo(0));
        Assert.That(run.Console.Error, Does.Contain("No --target given and there is no 'Default' task"));
    }

    [Test]
    public void Cake_argument_conventions_are_understood()
    {
        var arguments = HostArguments.Parse(["-t", "Deploy", "-v", "d", "--dryrun", "-e", "--app-version=2", "--to", "r1", "--Flag"]);

        Assert.Multiple(() =>
        {
            Assert.That(arguments.Targets, Is.EqualTo(new[] { "Deploy" }));
            Assert.That(arguments.Verbosity, Is.EqualTo(Cake.Core.Diagnostics.Verbosity.Diagnostic));
            Assert.That(arguments.DryRun && arguments.Exclusive, Is.True);
            Assert.That(arguments.Values["app-version"].Single(), Is.EqualTo("2"));
            Assert.That(arguments.Values["to"].Single(), Is.EqualTo("r1"));
            Assert.That(arguments.Values["flag"].Single(), Is.EqualTo("true"));
        });
    }

    [Test]
    public void Tree_prints_each_task_under_the_tasks_that_need_it()
    {
        var run = HostRun.Of(h => HostRun.AllTasks(h), "--tree", "--target=Third");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.Console.All);
        Assert.That(run.Console.Out.ReplaceLineEndings("\n"), Is.EqualTo(
            "Third\n" +
            "├── Second\n" +
            "│   └── First\n" +
            "└── Prepare\n"));
        Assert.That(run.Journal.Entries, Is.Empty);
    }

    [Test]
    public void Description_lists_tasks_with_their_descriptions()
    {
        var run = HostRun.Of(h => HostRun.AllTasks(h), "--description");

        Assert.That(run.Console.Out, Does.Match(@"First\s+The first step\."));
    }

    [Test]
    public void A_task_written_for_another_context_is_refused_before_anything_runs()
    {
        var run = HostRun.Of(h => h.UseContext<RecipeContext>().AddTask<FirstTask>(), "--target=First");

        Assert.That(run.ExitCode, Is.Not.EqualTo(0));
        Assert.That(run.Console.Error, Does.Contain("works on a JournalContext").And.Contain("UseContext"));
    }
}
