using Deploy.Recipes.Targets;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Targets;

/// <summary>How Status judges a fleet as a whole (<see cref="FleetVerdict"/>).</summary>
public sealed class FleetVerdictTests
{
    private static HostServing On(string host, string? version) => new(host, true, version == null ? null : $"{version}-abc", version);

    [Test]
    public void Every_host_on_one_release_is_uniform()
    {
        var verdict = FleetVerdict.Judge([On("a", "2.0.0"), On("b", "2.0.0"), On("c", "2.0.0")]);

        Assert.That(verdict.State, Is.EqualTo(FleetState.Uniform));
        Assert.That(verdict.Description, Is.EqualTo("all 3 hosts serve 2.0.0 (2.0.0-abc)"));
    }

    [Test]
    public void Hosts_on_different_releases_are_mixed_naming_which_host_runs_what()
    {
        var verdict = FleetVerdict.Judge([On("a", "2.0.0"), On("b", "1.0.0"), On("c", "2.0.0")]);

        Assert.That(verdict.State, Is.EqualTo(FleetState.Mixed));
        Assert.That(verdict.Description, Does.StartWith("MIXED").And.Contain("a, c run(s) 2.0.0").And.Contain("b run(s) 1.0.0"));
    }

    [Test]
    public void A_host_serving_nothing_beside_hosts_serving_a_release_is_mixed()
    {
        var verdict = FleetVerdict.Judge([On("a", "2.0.0"), On("b", null)]);

        Assert.That(verdict.State, Is.EqualTo(FleetState.Mixed));
        Assert.That(verdict.Description, Does.Contain("b serve(s) nothing"));
    }

    [Test]
    public void An_unreachable_host_outweighs_everything_else_and_is_named()
    {
        var verdict = FleetVerdict.Judge([On("a", "2.0.0"), new HostServing("b", false, null, null), On("c", "2.0.0")]);

        Assert.That(verdict.State, Is.EqualTo(FleetState.Unreachable));
        Assert.That(verdict.Description, Does.StartWith("1 of 3 host(s) unreachable: b").And.Contain("the others serve 2.0.0"));
    }

    [Test]
    public void No_host_serving_anything_is_nothing_live()
    {
        Assert.That(FleetVerdict.Judge([On("a", null), On("b", null)]).State, Is.EqualTo(FleetState.NothingLive));
    }

    [Test]
    public void The_one_local_host_is_judged_like_a_fleet_of_one()
    {
        var verdict = FleetVerdict.Judge([On("local", "1.0.0")]);

        Assert.That(verdict.State, Is.EqualTo(FleetState.Uniform));
        Assert.That(verdict.Description, Is.EqualTo("serves 1.0.0 (1.0.0-abc)"));
    }
}
