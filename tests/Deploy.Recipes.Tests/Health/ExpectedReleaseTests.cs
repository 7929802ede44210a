using Deploy.Recipes.Health;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Health;

/// <summary>How an answer proves which release gave it: the edge's headers, and the app's version only when it sends one.</summary>
public sealed class ExpectedReleaseTests
{
    private static readonly ExpectedRelease ThroughTheEdge = new("2.0.0", "r-2", "green");

    [Test]
    public void The_edge_release_header_proves_the_release_when_the_app_sends_no_version() =>
        Assert.That(ThroughTheEdge.Judge(appVersion: null, release: "r-2", servedBy: "green"), Is.Null);

    [Test]
    public void Another_release_in_the_edge_header_fails() =>
        Assert.That(ThroughTheEdge.Judge(null, "r-1", "green"), Is.EqualTo("was answered by release 'r-1', not 'r-2' (X-Deploy-Release)"));

    [Test]
    public void A_wrong_app_version_still_fails_when_the_app_sends_one() =>
        Assert.That(ThroughTheEdge.Judge("1.0.0", "r-2", "green"), Is.EqualTo("was answered by version '1.0.0', not the release's version '2.0.0' (X-App-Version)"));

    [Test]
    public void An_edge_without_the_release_header_is_judged_by_the_slot_that_answered()
    {
        Assert.That(ThroughTheEdge.Judge(null, null, "green"), Is.Null);
        Assert.That(ThroughTheEdge.Judge(null, null, "blue"), Is.EqualTo("was answered by slot 'blue', not slot 'green'"));
        Assert.That(ThroughTheEdge.Judge(null, null, null), Does.StartWith("carries no X-Deploy-Release or X-Deploy-Served-By header"));
    }

    [Test]
    public void A_process_reached_directly_needs_no_header_at_all() =>
        Assert.That(new ExpectedRelease("2.0.0").Judge(null, null, null), Is.Null);
}
