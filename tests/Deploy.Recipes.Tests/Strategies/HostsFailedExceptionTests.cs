using Deploy.Recipes.Health;
using Deploy.Recipes.Strategies;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Strategies;

/// <summary>How a failure on some hosts of a wave is reported (<see cref="HostsFailedException"/>).</summary>
public sealed class HostsFailedExceptionTests
{
    [Test]
    public void Every_failing_host_is_named_with_its_reason()
    {
        var failure = HostsFailedException.Of([
            ("deploy@127.0.0.2:22", new ReleaseCheckFailedException("not ready within 60 s")),
            ("deploy@127.0.0.4:22", new ReleaseCheckFailedException("smoke check / answered 500")),
        ]);

        Assert.That(failure, Is.TypeOf<HostsFailedException>());
        Assert.That(((HostsFailedException)failure).Hosts, Is.EqualTo(new[] { "deploy@127.0.0.2:22", "deploy@127.0.0.4:22" }));
        Assert.That(failure.Message, Is.EqualTo("2 hosts failed: on deploy@127.0.0.2:22: not ready within 60 s; on deploy@127.0.0.4:22: smoke check / answered 500"));
        Assert.That(((HostsFailedException)failure).CheckFailed, Is.True, "every host's release failed its checks");
    }

    [Test]
    public void One_failing_host_of_a_fleet_is_named()
    {
        var failure = HostsFailedException.Of([("deploy@127.0.0.3:22", new InvalidOperationException("the edge did not answer"))]);

        Assert.That(failure.Message, Is.EqualTo("Failed on deploy@127.0.0.3:22: the edge did not answer"));
        Assert.That(((HostsFailedException)failure).CheckFailed, Is.False, "the recipe could not ask: not a verdict on the release");
    }

    [Test]
    public void The_local_hosts_failure_is_thrown_as_it_is_so_its_messages_stay_as_they_were()
    {
        var own = new ReleaseCheckFailedException("Release 2.0.0 in slot green exited (code 1) before it was ready.");

        Assert.That(HostsFailedException.Of([("local", own)]), Is.SameAs(own));
    }
}
