using Deploy.Recipes.Notifications;
using NUnit.Framework;
using Octokit;

namespace Deploy.Recipes.Tests.Notifications;

/// <summary>Which deployment statuses GitHub gets for each release event.</summary>
public sealed class GitHubStatusPlanTests
{
    private static IEnumerable<(DeploymentOf, DeploymentState)> Plan(ReleaseEventKind kind, string? previous = "1.0.0-aaaa") =>
        GitHubStatusPlan.For(SampleEvents.Of(kind, reason: "5xx rate 40%", previous: previous)).Select(u => (u.Deployment, u.State));

    [Test]
    public void Started_is_in_progress_on_a_new_deployment()
    {
        Assert.That(GitHubStatusPlan.CreatesDeployment(ReleaseEventKind.Started), Is.True);
        Assert.That(Plan(ReleaseEventKind.Started), Is.EqualTo(new[] { (DeploymentOf.This, DeploymentState.InProgress) }));
    }

    [Test]
    public void Succeeded_is_success_and_the_replaced_deployment_goes_inactive()
    {
        Assert.That(Plan(ReleaseEventKind.Succeeded), Is.EqualTo(new[] { (DeploymentOf.This, DeploymentState.Success), (DeploymentOf.Previous, DeploymentState.Inactive) }));
        Assert.That(Plan(ReleaseEventKind.Succeeded, previous: null), Is.EqualTo(new[] { (DeploymentOf.This, DeploymentState.Success) }));
    }

    [Test]
    public void Failed_is_failure_with_the_reason()
    {
        var update = GitHubStatusPlan.For(SampleEvents.Of(ReleaseEventKind.Failed, reason: "5xx rate 40% over 1%")).Single();

        Assert.That((update.Deployment, update.State, update.Description), Is.EqualTo((DeploymentOf.This, DeploymentState.Failure, "5xx rate 40% over 1%")));
    }

    [Test]
    public void The_other_release_events_have_their_chosen_statuses()
    {
        Assert.That(Plan(ReleaseEventKind.Paused), Is.EqualTo(new[] { (DeploymentOf.This, DeploymentState.InProgress) }));
        Assert.That(Plan(ReleaseEventKind.Promoted), Is.EqualTo(new[] { (DeploymentOf.This, DeploymentState.InProgress) }));
        Assert.That(Plan(ReleaseEventKind.SwitchedBack), Is.EqualTo(new[] { (DeploymentOf.Previous, DeploymentState.Success) }));
        Assert.That(Plan(ReleaseEventKind.RolledBack), Is.EqualTo(new[] { (DeploymentOf.This, DeploymentState.Success), (DeploymentOf.Previous, DeploymentState.Inactive) }));
        Assert.That(Plan(ReleaseEventKind.Aborted), Is.EqualTo(new[] { (DeploymentOf.This, DeploymentState.Failure) }));
    }

    [Test]
    public void Maintenance_and_flags_are_not_deployments()
    {
        Assert.That(GitHubStatusPlan.Wants(ReleaseEventKind.MaintenanceOn), Is.False);
        Assert.That(GitHubStatusPlan.Wants(ReleaseEventKind.MaintenanceOff), Is.False);
        Assert.That(GitHubStatusPlan.Wants(ReleaseEventKind.FlagChanged), Is.False);
        Assert.That(GitHubStatusPlan.Wants(ReleaseEventKind.Aborted), Is.True);
    }

    [Test]
    public void A_description_is_one_line_of_at_most_140_characters()
    {
        var description = GitHubStatusPlan.Description("first line\n" + new string('x', 300));

        Assert.That(description, Has.Length.EqualTo(GitHubStatusPlan.DescriptionLimit));
        Assert.That(description, Does.StartWith("first line xxx").And.EndWith("…"));
    }

    [Test]
    public void The_ref_is_the_commit_when_known_else_the_version()
    {
        Assert.That(GitHubStatusPlan.Ref(SampleEvents.Of(ReleaseEventKind.Started)), Is.EqualTo("2222222222222222222222222222222222222222"));
        Assert.That(GitHubStatusPlan.Ref(SampleEvents.Of(ReleaseEventKind.Started) with { Changes = null }), Is.EqualTo("2.0.0"));
    }
}
