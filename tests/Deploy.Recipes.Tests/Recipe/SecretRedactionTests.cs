using Cake.Common.Diagnostics;
using Deploy.Recipes.Hosting;
using Deploy.Recipes.Tests.Support;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Recipe;

/// <summary>
/// Secrets given as settings never reach the console or the audit, even when the run itself produces them later:
/// a tool's output logged by a task, a step's result, an exception's message.
/// </summary>
public sealed class SecretRedactionTests
{
    private const string Password = "pg-Pa55word-never-shown";
    private const string ApiKey = "key-9f8e7d6c5b4a";

    [Test]
    public void Failure_messages_step_results_and_log_lines_are_redacted_before_they_are_printed_or_audited()
    {
        using var repository = new TemporaryFolder();
        var console = new CapturingConsole();

        var exit = new RecipeHost()
            .UseDeployRecipe(_ => { })
            .AddTask<LeakyTask>()
            .UseWorkingDirectory(repository.Path)
            .UseConsole(console)
            .UseEnvironmentVariables(_ => null)
            .Run([
                "--target=Leaky", "--verbosity=diagnostic", "--database=postgres",
                $"--database-connection=Host=127.0.0.1;Username=shop;Password={Password}",
                $"--app-settings=Payments__ApiKey={ApiKey};Shop__MigrateOnStartup=false",
            ]);

        var audit = File.ReadAllText(Path.Combine(repository.Path, ".deploy", "audit", "local.jsonl"));
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(console.Error, Does.Contain("Error: could not connect with ***"));
        Assert.That(audit, Does.Contain("the provider answered with ***"), "the step result is recorded, redacted");
        foreach (var secret in new[] { Password, ApiKey })
        {
            Assert.That(console.All, Does.Not.Contain(secret));
            Assert.That(audit, Does.Not.Contain(secret));
        }

        Assert.That(console.All, Does.Contain("Environment: Payments__ApiKey=***;Shop__MigrateOnStartup=false"), "plain values stay readable");
    }

    [Test]
    public void Plain_values_and_short_values_are_not_masked()
    {
        var mask = SecretMask.Of("false", "1000", "abc", "token-value-123");

        Assert.That(mask.Apply("false 1000 abc token-value-123"), Is.EqualTo("false 1000 abc ***"));
        Assert.That(mask.Apply("postgres://shop:hunter2@127.0.0.1/shop"), Is.EqualTo("postgres://shop:***@127.0.0.1/shop"));
    }

    [TaskName("Leaky")]
    internal sealed class LeakyTask : AsyncRecipeTask<DeployContext>
    {
        public override async Task RunAsync(DeployContext context)
        {
            var settings = context.AppEnvironment();
            context.Information("Tool said: connecting with {0}", context.DatabaseConnection);
            context.Verbose("Environment: {0}", string.Join(";", settings.Select(s => s.Key + "=" + s.Value)));
            await context.Audit.StepAsync("Leaky/call", null, () => Task.FromResult("the provider answered with " + settings["Payments__ApiKey"]));
            await context.Audit.StepAsync("Leaky/connect", null, () =>
                Task.FromException<string>(new InvalidOperationException("could not connect with " + context.DatabaseConnection)));
        }
    }
}
