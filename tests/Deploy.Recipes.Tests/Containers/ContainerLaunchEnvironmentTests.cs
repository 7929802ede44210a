using Deploy.Recipes.Containers;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Containers;

public sealed class ContainerLaunchEnvironmentTests
{
    [Test]
    public void The_environment_is_one_key_value_line_per_setting()
    {
        var text = ContainerLaunchEnvironment.EnvFile(new Dictionary<string, string>
        {
            ["ConnectionStrings__Shop"] = "Data Source=/data/shop.db;Cache=Shared",
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:5000",
            ["Empty"] = "",
        });

        Assert.That(text, Is.EqualTo("ASPNETCORE_URLS=http://127.0.0.1:5000\nConnectionStrings__Shop=Data Source=/data/shop.db;Cache=Shared\nEmpty=\n"));
    }

    [Test]
    public void A_value_with_a_line_break_is_an_error_naming_the_setting_and_never_the_value()
    {
        var error = Assert.Throws<ArgumentException>(() => ContainerLaunchEnvironment.EnvFile(new Dictionary<string, string> { ["Payment__Key"] = "s3cret-first\nsecond" }));

        Assert.That(error!.Message, Does.Contain("Payment__Key").And.Not.Contain("s3cret"));
    }

    [TestCase("#Commented")]
    [TestCase("A=B")]
    [TestCase(" Padded")]
    [TestCase("")]
    public void A_name_the_env_file_would_misread_is_an_error(string name)
    {
        Assert.Throws<ArgumentException>(() => ContainerLaunchEnvironment.EnvFile(new Dictionary<string, string> { [name] = "value" }));
    }
}
