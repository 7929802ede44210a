using Deploy.Recipes.Hosting;
using Deploy.Recipes.Targets.Ssh;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Ssh;

/// <summary>How a host of the <c>hosts</c> setting is read: <c>user@address[:port]</c>, and only what a host can be.</summary>
[TestFixture]
public sealed class SshHostAddressTests
{
    [TestCase("deploy@10.0.0.5", "deploy", "10.0.0.5", 22)]
    [TestCase("deploy@10.0.0.5:2222", "deploy", "10.0.0.5", 2222)]
    [TestCase("web_user@web1.example.com", "web_user", "web1.example.com", 22)]
    [TestCase(" ops.team@Web-2.internal:22 ", "ops.team", "Web-2.internal", 22)]
    [TestCase("deploy@[2001:db8::5]:2200", "deploy", "2001:db8::5", 2200)]
    [TestCase("deploy@[::1]", "deploy", "::1", 22)]
    public void A_valid_host_is_read_into_user_address_and_port(string text, string user, string address, int port)
    {
        var host = SshHostAddress.Parse(text);

        Assert.That((host.User, host.Address, host.Port), Is.EqualTo((user, address, port)));
    }

    [TestCase("10.0.0.5", "names no user")]
    [TestCase("@10.0.0.5", "the user is empty")]
    [TestCase("deploy@", "the address is empty")]
    [TestCase("deploy@10.0.0.5:0", "port '0'")]
    [TestCase("deploy@10.0.0.5:70000", "port '70000'")]
    [TestCase("deploy@10.0.0.5:ssh", "port 'ssh'")]
    [TestCase("deploy@300.1.2.3", "'300.1.2.3' is neither")]
    [TestCase("deploy@web_1.example.com", "'web_1.example.com' is neither")]
    [TestCase("deploy@2001:db8::5", "IPv6 address must be written in brackets")]
    [TestCase("deploy@[10.0.0.5]:22", "not an IPv6 address")]
    [TestCase("de ploy@10.0.0.5", "not a Unix user name")]
    [TestCase("-oProxyCommand=x@10.0.0.5", "not a Unix user name")]
    [TestCase("deploy@http://10.0.0.5", "port '//10.0.0.5'")]
    public void A_bad_host_is_refused_naming_the_value_why_and_the_valid_form(string text, string why)
    {
        var refusal = Assert.Throws<RecipeUsageException>(() => SshHostAddress.Parse(text))!;

        Assert.That(refusal.Message, Does.Contain($"'{text}'").And.Contain(why).And.Contain("user@address[:port]").And.Contain("'hosts'"));
    }

    [Test]
    public void The_same_server_named_twice_is_refused()
    {
        var refusal = Assert.Throws<RecipeUsageException>(() => SshHostAddress.ParseAll(["a@10.0.0.5", "b@10.0.0.5:22"]))!;

        Assert.That(refusal.Message, Does.Contain("10.0.0.5").And.Contain("twice"));
    }

    [TestCase("deploy@10.0.0.5", "10.0.0.5", "deploy@10.0.0.5:22")]
    [TestCase("deploy@10.0.0.5:2222", "[10.0.0.5]:2222", "deploy@10.0.0.5:2222")]
    [TestCase("deploy@[::1]:2222", "[::1]:2222", "deploy@[::1]:2222")]
    public void A_host_is_named_in_known_hosts_as_OpenSSH_names_it(string text, string knownHostsName, string name)
    {
        var host = SshHostAddress.Parse(text);

        Assert.That((host.KnownHostsName, host.Name), Is.EqualTo((knownHostsName, name)));
    }
}
