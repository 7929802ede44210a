using Deploy.Recipes.Hosting;
using Deploy.Recipes.Tests.Support;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Hosting;

public sealed class SettingsPrecedenceTests
{
    [Test]
    public void Program_values_are_overridden_by_cake_config_then_environment_then_arguments()
    {
        using var folder = new TemporaryFolder();
        File.WriteAllText(folder.Combine("cake.config"), "[Probe]\nfrom-config=config\nfrom-environment=config\nfrom-arguments=config\n");
        var environment = new Dictionary<string, string> { ["PROBE_FROM_ENVIRONMENT"] = "environment", ["PROBE_FROM_ARGUMENTS"] = "environment" };
        var settings = new ProbeSettings { FromProgram = "program", FromConfig = "program", FromEnvironment = "program", FromArguments = "program" };

        var run = Run(settings, folder.Path, environment, "--target=Probe", "--from-arguments=arguments");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.Console.All);
        Assert.That(run.Journal.Entries.Single(), Is.EqualTo("program|config|environment|arguments"));
    }

    [Test]
    public void Typed_values_convert_from_text()
    {
        using var folder = new TemporaryFolder();
        var settings = new ProbeSettings();

        var run = Run(settings, folder.Path, [], "--target=Probe", "--lock-wait=2.5", "--keep=7", "--strategy=blue-green", "--hosts=a;b", "--warm=false");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.Console.All);
        Assert.That(settings.LockWait, Is.EqualTo(TimeSpan.FromSeconds(2.5)));
        Assert.That(settings.Keep, Is.EqualTo(7));
        Assert.That(settings.Strategy, Is.EqualTo(ProbeStrategy.BlueGreen));
        Assert.That(settings.Hosts, Is.EqualTo(new[] { "a", "b" }));
        Assert.That(settings.Warm, Is.False);
    }

    [TestCase("config")]
    [TestCase("environment")]
    [TestCase("argument")]
    public void List_items_keep_equals_signs_tildes_and_quotes_from_every_source(string source)
    {
        // How smoke checks are written: PATH[=STATUS][~BODY], separated by ';'.
        const string written = "/=302;/openapi/v1.json=200~\"openapi\"";
        using var folder = new TemporaryFolder();
        if (source == "config")
            File.WriteAllText(folder.Combine("cake.config"), $"; smoke checks\n[Probe]\nhosts={written}\n");
        var environment = source == "environment" ? new Dictionary<string, string> { ["PROBE_HOSTS"] = written } : [];
        var settings = new ProbeSettings();

        var run = Run(settings, folder.Path, environment, source == "argument" ? ["--target=Probe", $"--hosts={written}"] : ["--target=Probe"]);

        Assert.That(run.ExitCode, Is.EqualTo(0), run.Console.All);
        Assert.That(settings.Hosts, Is.EqualTo(new[] { "/=302", "/openapi/v1.json=200~\"openapi\"" }));
    }

    [Test]
    public void A_cake_config_line_that_is_not_a_section_or_key_value_stops_the_run_naming_the_line()
    {
        using var folder = new TemporaryFolder();
        File.WriteAllText(folder.Combine("cake.config"), "[Probe]\nkeep 7\n");

        var run = Run(new ProbeSettings(), folder.Path, [], "--target=Probe");

        Assert.That(run.ExitCode, Is.Not.EqualTo(0));
        Assert.That(run.Journal.Entries, Is.Empty);
        Assert.That(run.Console.Error, Does.Contain("cake.config in").And.Contain("line 2 'keep 7' is neither [Section] nor key=value"));
    }

    [TestCase("--keep=abc", "Setting 'keep' from --keep: 'abc' is not valid; expected a whole number")]
    [TestCase("--strategy=big-bang", "Setting 'strategy' from --strategy: 'big-bang' is not valid; valid values: blue-green, canary, rolling")]
    [TestCase("--lock-wait=-3", "Setting 'lock-wait' from --lock-wait: '-3' is not valid; expected seconds")]
    public void A_value_that_does_not_convert_stops_the_run_naming_the_setting_the_value_and_what_is_valid(string argument, string message)
    {
        using var folder = new TemporaryFolder();

        var run = Run(new ProbeSettings(), folder.Path, [], "--target=Probe", argument);

        Assert.That(run.ExitCode, Is.Not.EqualTo(0));
        Assert.That(run.Journal.Entries, Is.Empty, "no task may run after bad input");
        Assert.That(run.Console.Error, Does.Contain(message));
    }

    [Test]
    public void A_secret_setting_never_reaches_the_output_even_when_it_is_invalid_or_logged()
    {
        using var folder = new TemporaryFolder();
        var environment = new Dictionary<string, string> { ["PROBE_TOKEN"] = "s3cr3t-token-value" };

        var logged = Run(new ProbeSettings(), folder.Path, environment, "--target=Probe", "--verbosity=diagnostic");
        var invalid = Run(new ProbeSettings(), folder.Path, [], "--target=Probe", "--pin=s3cr3t-pin");

        Assert.That(logged.Console.All, Does.Contain("token = ***"));
        Assert.That(logged.Console.All, Does.Not.Contain("s3cr3t"));
        Assert.That(invalid.ExitCode, Is.Not.EqualTo(0));
        Assert.That(invalid.Console.All, Does.Contain("Setting 'pin'").And.Not.Contain("s3cr3t"));
    }

    [Test]
    public void A_mistyped_setting_argument_stops_the_run_with_did_you_mean()
    {
        using var folder = new TemporaryFolder();

        var run = Run(new ProbeSettings(), folder.Path, [], "--target=Probe", "--lock-wiat=3");

        Assert.That(run.ExitCode, Is.Not.EqualTo(0));
        Assert.That(run.Console.Error, Does.Contain("Argument --lock-wiat is not a setting: did you mean --lock-wait?"));
        Assert.That(run.Journal.Entries, Is.Empty, "no task may run with a mistyped setting");
    }

    [Test]
    public void An_argument_far_from_every_setting_still_reaches_tasks()
    {
        using var folder = new TemporaryFolder();

        var run = Run(new ProbeSettings(), folder.Path, [], "--target=Probe", "--canary-steps=5");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.Console.All);
        Assert.That(run.Journal.Entries, Has.Count.EqualTo(1));
    }

    [Test]
    public void Help_lists_every_setting_with_its_environment_variable_and_default()
    {
        using var folder = new TemporaryFolder();

        var run = Run(new ProbeSettings { Keep = 5 }, folder.Path, [], "--help");

        Assert.That(run.ExitCode, Is.EqualTo(0));
        Assert.That(run.Console.Out, Does.Contain("--keep").And.Contain("PROBE_KEEP").And.Contain("Releases to keep.").And.Contain("default: 5"));
    }

    private static HostRun Run(ProbeSettings settings, string workingDirectory, Dictionary<string, string> environment, params string[] args) =>
        HostRun.Of(
            host => host
                .UseWorkingDirectory(workingDirectory)
                .UseEnvironmentVariables(name => environment.GetValueOrDefault(name))
                .UseSettings(settings, "Probe", "PROBE_")
                .AddTask<ProbeTask>(),
            args);

    internal enum ProbeStrategy
    {
        BlueGreen,
        Canary,
        Rolling,
    }

    internal sealed class ProbeSettings
    {
        public string FromProgram { get; set; } = "";

        public string FromConfig { get; set; } = "";

        public string FromEnvironment { get; set; } = "";

        public string FromArguments { get; set; } = "";

        public TimeSpan LockWait { get; set; }

        [System.ComponentModel.Description("Releases to keep.")]
        public int Keep { get; set; } = 5;

        public ProbeStrategy Strategy { get; set; }

        public List<string> Hosts { get; set; } = [];

        public bool Warm { get; set; } = true;

        [Secret]
        public string Token { get; set; } = "";

        [Secret]
        public int Pin { get; set; }
    }

    [TaskName("Probe")]
    internal sealed class ProbeTask(ProbeSettings settings) : RecipeTask<JournalContext>
    {
        public override void Run(JournalContext context) =>
            context.Journal.Add($"{settings.FromProgram}|{settings.FromConfig}|{settings.FromEnvironment}|{settings.FromArguments}");
    }
}
