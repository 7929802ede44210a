using Deploy.Recipes.Containers;
using Deploy.Recipes.Releases;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Docker;

/// <summary>Image settings are refused before anything is built, each naming the setting and what is valid.</summary>
public sealed class ImageSettingsCheckTests
{
    private const string Secret = "pa55-w0rd-never-shown";

    [Test]
    public void Folder_releases_are_not_checked_for_image_settings()
    {
        Assert.That(Problems(new DeploySettings { Artifact = ArtifactKind.Folder, RestartPolicy = "sometimes" }), Is.Empty);
    }

    [Test]
    public void Good_image_settings_pass()
    {
        Assert.That(Problems(Image(s => { s.Registry = "registry.example.com:5000/team"; s.ImageName = "team-a/shop"; s.Dockerfile = "Dockerfile"; })), Is.Empty);
    }

    [Test]
    public void An_image_release_without_a_registry_is_refused_naming_the_setting()
    {
        Assert.That(Problems(Image(s => s.Registry = "")), Has.One.Contains("'registry' is empty").And.One.Contains("host[:port][/namespace]"));
    }

    [TestCase("https://127.0.0.1:5000")]
    [TestCase("127.0.0.1:5000 ")]
    [TestCase("my registry")]
    [TestCase("host:0")]
    [TestCase("host:70000")]
    [TestCase("host/Team")]
    public void A_registry_with_a_scheme_spaces_a_bad_port_or_namespace_is_refused(string registry)
    {
        Assert.That(Problems(Image(s => s.Registry = registry)), Has.One.Contains("Setting 'registry'"));
    }

    [Test]
    public void A_registry_carrying_credentials_is_refused_without_echoing_them()
    {
        var problems = Problems(Image(s => s.Registry = $"deployer:{Secret}@registry.example.com"));

        Assert.That(problems, Has.One.Contains("registry-user and registry-password"));
        Assert.That(string.Join('\n', problems), Does.Not.Contain(Secret));
    }

    [Test]
    public void A_dockerfile_that_does_not_exist_is_refused()
    {
        Assert.That(Problems(Image(s => s.Dockerfile = "nope/Dockerfile")), Has.One.Contains("'dockerfile' is 'nope/Dockerfile'"));
    }

    [TestCase("sometimes")]
    [TestCase("on-failure:x")]
    [TestCase("Always")]
    public void A_bad_restart_policy_is_refused_listing_the_valid_ones(string policy)
    {
        Assert.That(Problems(Image(s => s.RestartPolicy = policy)), Has.One.Contains("'restart-policy'").And.One.Contains("unless-stopped"));
    }

    [TestCase("no")]
    [TestCase("always")]
    [TestCase("on-failure")]
    [TestCase("on-failure:3")]
    [TestCase("unless-stopped")]
    public void Docker_s_restart_policies_pass(string policy)
    {
        Assert.That(Problems(Image(s => s.RestartPolicy = policy)), Is.Empty);
    }

    [TestCase("Shop")]
    [TestCase("shop app")]
    [TestCase("-shop")]
    [TestCase("shop/")]
    [TestCase("shop..app")]
    public void An_image_name_docker_refuses_is_refused(string name)
    {
        Assert.That(Problems(Image(s => s.ImageName = name)), Has.One.Contains("'image-name'").And.One.Contains("lower-case"));
    }

    [Test]
    public void A_password_without_a_user_is_refused_without_echoing_it()
    {
        var problems = Problems(Image(s => { s.RegistryUser = ""; s.RegistryPassword = Secret; }));

        Assert.That(problems, Has.One.Contains("'registry-user' is empty"));
        Assert.That(string.Join('\n', problems), Does.Not.Contain(Secret));
    }

    [Test]
    public void Every_problem_is_reported_at_once()
    {
        Assert.That(Problems(Image(s => { s.Registry = ""; s.RestartPolicy = "x"; s.ImageName = "X"; })), Has.Count.EqualTo(3));
    }

    private static DeploySettings Image(Action<DeploySettings> change)
    {
        var settings = new DeploySettings { Artifact = ArtifactKind.Image, Registry = "127.0.0.1:5000", RegistryUser = "deployer", RegistryPassword = Secret };
        change(settings);
        return settings;
    }

    private static IReadOnlyList<string> Problems(DeploySettings settings) =>
        ImageSettingsCheck.Problems(settings, path => path == "Dockerfile");
}
