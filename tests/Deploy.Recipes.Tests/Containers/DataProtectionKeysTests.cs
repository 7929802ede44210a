using Deploy.Recipes.Containers;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Containers;

public sealed class DataProtectionKeysTests
{
    [Test]
    public void The_app_is_told_the_key_folder_in_the_environments_data_folder()
    {
        var environment = DataProtectionKeys.AddTo(new Dictionary<string, string> { ["A"] = "1" }, "/srv/.deploy/staging/data/");

        Assert.That(environment["DataProtection__KeysDirectory"], Is.EqualTo("/srv/.deploy/staging/data/data-protection-keys"));
        Assert.That(environment["A"], Is.EqualTo("1"));
    }

    [Test]
    public void An_app_setting_that_names_a_key_folder_wins()
    {
        var environment = DataProtectionKeys.AddTo(new Dictionary<string, string> { ["DataProtection__KeysDirectory"] = "/keys" }, "/data");

        Assert.That(environment["DataProtection__KeysDirectory"], Is.EqualTo("/keys"));
    }
}
