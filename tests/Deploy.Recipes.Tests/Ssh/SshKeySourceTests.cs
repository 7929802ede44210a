using Deploy.Recipes.Hosting;
using Deploy.Recipes.Targets.Ssh;
using Deploy.Recipes.Tests.Support;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Ssh;

/// <summary>The <c>ssh-key</c> setting: a path or the key's text, and errors that never quote either.</summary>
[TestFixture]
public sealed class SshKeySourceTests
{
    [Test]
    public void The_key_is_read_from_a_path_or_from_its_own_text_as_a_CI_secret_holds_it()
    {
        using var folder = new TemporaryFolder("deploy-ssh-key-");
        var file = folder.Combine("id_ed25519");
        Assert.That(ProcessRun.Start("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", file], folder.Path).ExitCode, Is.Zero);

        using var fromPath = SshKeySource.Load(file);
        using var fromText = SshKeySource.Load(File.ReadAllText(file));

        Assert.That(fromText.Key.ToString(), Is.EqualTo(fromPath.Key.ToString()));
    }

    [Test]
    public void A_missing_or_unreadable_key_is_refused_without_quoting_the_path_or_the_text()
    {
        using var folder = new TemporaryFolder("deploy-ssh-key-");
        var missing = folder.Combine("secret-name-of-key");
        var notAKey = folder.Combine("not-a-key");
        File.WriteAllText(notAKey, "hello");
        const string badText = "-----BEGIN OPENSSH PRIVATE KEY-----\nsecretgarbage\n-----END OPENSSH PRIVATE KEY-----";

        var refusals = new[] { missing, notAKey, badText }.Select(value => Assert.Throws<RecipeUsageException>(() => SshKeySource.Load(value))!.Message).ToList();

        Assert.That(refusals[0], Does.Contain("does not exist").And.Not.Contain("secret-name-of-key"));
        Assert.That(refusals[1], Does.Contain("not a private key").And.Not.Contain("not-a-key"));
        Assert.That(refusals[2], Does.Contain("key text").And.Not.Contain("secretgarbage"));
    }
}
