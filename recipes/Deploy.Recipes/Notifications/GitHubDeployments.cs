using System.Collections.ObjectModel;
using System.Net;
using Octokit;

namespace Deploy.Recipes.Notifications;

/// <summary>
/// Tells GitHub about releases through its deployments API (Octokit), as <see cref="GitHubStatusPlan"/> says. A
/// deployment names its release in its payload (<c>{"release": id, "version": ..., "previous": ...}</c>), which is how
/// a later run (a Promote in another CI job, a Rollback) finds it: by listing the environment's deployments, newest
/// first, and taking the first whose payload names the release. Only a deployment this run created is remembered, so
/// a retried Started never creates a second one. Statuses already posted are not posted again by a retry.
/// </summary>
public sealed class GitHubDeployments : IReleaseNotifier
{
    /// <summary>The payload key naming the release a deployment is of.</summary>
    public const string ReleaseKey = "release";

    // How far back a release's deployment is looked for: the environment's newest 300 deployments.
    private static readonly ApiOptions Recent = new() { PageSize = 100, PageCount = 3, StartPage = 1 };

    private readonly GitHubTarget _target;
    private readonly GitHubClient _client;
    private readonly Dictionary<string, long> _created = new(StringComparer.Ordinal);
    private readonly HashSet<(ReleaseEventKind, string, int)> _posted = [];

    /// <summary>A channel to <paramref name="target"/>, each request bounded by <paramref name="timeout"/>.</summary>
    public GitHubDeployments(GitHubTarget target, TimeSpan timeout)
    {
        _target = target;
        var product = new ProductHeaderValue("Deploy.Recipes");
        _client = target.ApiUrl == null ? new GitHubClient(product) : new GitHubClient(product, target.ApiUrl);
        _client.Credentials = new Credentials(target.Token);
        _client.SetRequestTimeout(timeout);
    }

    /// <inheritdoc />
    public string Name => "github";

    /// <inheritdoc />
    public bool Wants(ReleaseEventKind kind) => GitHubStatusPlan.Wants(kind);

    /// <inheritdoc />
    public async Task SendAsync(ReleaseEvent releaseEvent, CancellationToken cancel)
    {
        if (releaseEvent.Release is not { } release)
            return;
        try
        {
            long? current = null;
            if (GitHubStatusPlan.CreatesDeployment(releaseEvent.Kind))
                current = _created.TryGetValue(release, out var made) ? made : await CreateAsync(releaseEvent);
            var updates = GitHubStatusPlan.For(releaseEvent);
            for (var i = 0; i < updates.Count; i++)
            {
                var update = updates[i];
                if (_posted.Contains((releaseEvent.Kind, release, i)))
                    continue;
                cancel.ThrowIfCancellationRequested();
                var deployment = update.Deployment == DeploymentOf.This
                    ? current ??= await FindAsync(release, releaseEvent.Environment) ?? await CreateAsync(releaseEvent)
                    : await FindAsync(releaseEvent.Previous!, releaseEvent.Environment);
                if (deployment is { } id)
                {
                    await _client.Repository.Deployment.Status.Create(_target.Owner, _target.Name, id, new NewDeploymentStatus(update.State)
                    {
                        Description = update.Description,
                        EnvironmentUrl = releaseEvent.EnvironmentUrl,
                        LogUrl = releaseEvent.LogUrl,
                    });
                }

                _posted.Add((releaseEvent.Kind, release, i));
            }
        }
        catch (ApiException refused)
        {
            var code = (int)refused.StatusCode;
            var retryable = refused is RateLimitExceededException || code is 408 or 429 or >= 500;
            throw new ChannelRefusedException($"GitHub answered {code} {refused.StatusCode}: {refused.Message}", retryable);
        }
    }

    /// <summary>The newest deployment of <paramref name="release"/> in the event's environment on GitHub (listing them), or null.</summary>
    private async Task<long?> FindAsync(string release, string environment)
    {
        if (_created.TryGetValue(release, out var made))
            return made;
        var deployments = await new ApiConnection(_client.Connection).GetAll<Deployment>(
            ApiUrls.Deployments(_target.Owner, _target.Name), new Dictionary<string, string> { ["environment"] = environment }, Recent);
        return deployments
            .OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id)
            .FirstOrDefault(d => d.Payload != null && d.Payload.TryGetValue(ReleaseKey, out var named) && named?.ToString() == release)?.Id;
    }

    private async Task<long> CreateAsync(ReleaseEvent e)
    {
        var payload = new Dictionary<string, string> { [ReleaseKey] = e.Release! };
        if (e.Version != null)
            payload["version"] = e.Version;
        if (e.Previous != null)
            payload["previous"] = e.Previous;
        var created = await _client.Repository.Deployment.Create(_target.Owner, _target.Name, new NewDeployment(GitHubStatusPlan.Ref(e))
        {
            Environment = e.Environment,
            AutoMerge = false,
            RequiredContexts = new Collection<string>(),
            Payload = payload,
            Description = GitHubStatusPlan.Description($"{e.Version ?? e.Release} to {e.Environment} by {e.Actor}"),
        });
        _created[e.Release!] = created.Id;
        return created.Id;
    }
}
