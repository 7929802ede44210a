using System.Diagnostics;
using System.Text.Json;
using Cake.Common.Diagnostics;
using Deploy.Recipes.Audit;

namespace Deploy.Recipes.Notifications;

/// <summary>
/// Where a run tells what happened to a release: each event is audited as <c>Release/&lt;kind&gt;</c> (with the
/// release's changes as an input, so the report and DORA read events from the trail alone), then sent to every
/// configured channel at once. A channel gets at most the notify timeout per event, retries included, and a channel
/// that fails is a warning and a <c>Notify/&lt;channel&gt;</c> audit record: telling people never fails or holds up a
/// release. An event is published once per release and run (a failure seen by the strategy and again by the task is
/// one "failed"); events with no release (maintenance, flags) are never merged.
/// </summary>
public sealed class ReleaseEvents(DeployContext context, IReadOnlyList<IReleaseNotifier> notifiers)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly HashSet<(ReleaseEventKind, string?)> _published = [];
    private readonly object _gate = new();

    /// <summary>The channels events go to.</summary>
    public IReadOnlyList<IReleaseNotifier> Notifiers => notifiers;

    /// <summary>What the release this run deploys brings (set by Deploy before it publishes <see cref="ReleaseEventKind.Started"/>).</summary>
    public ReleaseChanges? Changes { get; set; }

    /// <summary>Whether <paramref name="kind"/> was already published for <paramref name="release"/> in this run.</summary>
    public bool WasPublished(ReleaseEventKind kind, string? release)
    {
        lock (_gate)
            return _published.Contains((kind, release));
    }

    /// <summary>Audits and sends one event; returns when every channel has it or has had its timeout.</summary>
    public async Task PublishAsync(ReleaseEventKind kind, string? release, string? version, string summary, string? reason = null, string? previous = null)
    {
        lock (_gate)
        {
            // Maintenance and flag events concern no release: each is its own.
            if (release != null && !_published.Add((kind, release)))
                return;
        }

        var secrets = context.Secrets;
        var changes = release == null ? null : Changes ?? ChangesRecordedFor(release);
        var releaseEvent = new ReleaseEvent(kind, DateTimeOffset.UtcNow, context.Settings.Environment, context.Actor, release, version,
            secrets.Apply(summary), reason == null ? null : secrets.Apply(reason), changes, EnvironmentUrl, LogUrl, previous);
        var inputs = new Dictionary<string, string>(StringComparer.Ordinal);
        if (version != null)
            inputs["version"] = version;
        if (previous != null)
            inputs["previous"] = previous;
        if (releaseEvent.Reason != null)
            inputs["reason"] = releaseEvent.Reason;
        if (changes != null)
            inputs["changes"] = JsonSerializer.Serialize(changes, Json);
        context.Audit.Record(ReleaseEventKinds.AuditStepPrefix + kind.Name(), release, kind.Name(), releaseEvent.Summary, inputs);

        var wanting = notifiers.Where(n => n.Wants(kind)).ToList();
        if (wanting.Count > 0)
            await Task.WhenAll(wanting.Select(n => DeliverAsync(n, releaseEvent)));
    }

    /// <summary>The changes recorded on the <c>Release/started</c> event of <paramref name="release"/> (a Promote in a later run tells them again).</summary>
    public ReleaseChanges? ChangesRecordedFor(string release)
    {
        var started = context.Audit.Tail(5000).LastOrDefault(r =>
            r.Release == release && r.Step == ReleaseEventKinds.AuditStepPrefix + ReleaseEventKind.Started.Name());
        if (started?.Inputs?.TryGetValue("changes", out var json) != true)
            return null;
        try
        {
            return JsonSerializer.Deserialize<ReleaseChanges>(json!, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The environment's link: <c>environment-url</c>, else the first host's public URL.</summary>
    public string EnvironmentUrl
    {
        get
        {
            if (context.Settings.EnvironmentUrl.Length > 0)
                return context.Settings.EnvironmentUrl;
            if (context.Hosts.Count == 0)
                return $"http://127.0.0.1:{context.PublicPort}/";
            var host = Targets.Ssh.SshHostAddress.Parse(context.Hosts[0]);
            return Targets.Ssh.FleetSettings.PublicUrl(host, Targets.Ssh.FleetSettings.EdgeAddress(host, context.Settings.EdgeBind), context.PublicPort).ToString();
        }
    }

    /// <summary>The CI run doing this (GitHub Actions' run page, GitLab's job page), or null outside CI.</summary>
    public string? LogUrl
    {
        get
        {
            var env = context.Environment;
            string? Var(string name) => env.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
            if (Var("GITHUB_RUN_ID") is { } run && Var("GITHUB_REPOSITORY") is { } repository)
                return $"{Var("GITHUB_SERVER_URL") ?? "https://github.com"}/{repository}/actions/runs/{run}";
            return Var("CI_JOB_URL");
        }
    }

    // Retries with backoff until the channel's time is up; the release waits for this at most notify-timeout.
    private async Task DeliverAsync(IReleaseNotifier notifier, ReleaseEvent releaseEvent)
    {
        var timeout = context.Settings.NotifyTimeout;
        using var deadline = new CancellationTokenSource(timeout);
        var clock = Stopwatch.StartNew();
        var attempt = 0;
        Exception? last = null;
        while (!deadline.IsCancellationRequested)
        {
            attempt++;
            try
            {
                // WaitAsync: a channel whose client ignores the token (a hung connection) still gets no more than its time.
                await notifier.SendAsync(releaseEvent, deadline.Token).WaitAsync(deadline.Token);
                return;
            }
            catch (Exception failure)
            {
                last = failure;
            }

            // A receiver that refused for good (a removed webhook, a bad token) answers the same to every retry.
            if (last is ChannelRefusedException { Retryable: false })
                break;
            var backoff = TimeSpan.FromMilliseconds(Math.Min(4000, 250 * Math.Pow(2, attempt - 1)));
            if (last is ChannelRefusedException { RetryAfter: { } asked } && asked > backoff)
                backoff = asked;
            try
            {
                await Task.Delay(backoff, deadline.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        var why = last is OperationCanceledException or TaskCanceledException || last == null
            ? $"no answer within {timeout.TotalSeconds:0.#} s"
            : last.Message;
        var message = context.Secrets.Apply(
            $"{notifier.Name} was not told '{releaseEvent.Kind.Name()}' after {attempt} attempt(s) in {clock.Elapsed.TotalSeconds:0.0} s: {why}");
        context.Warning("Notification: {0}. The release goes on.", message);
        context.Audit.Note($"Notify/{notifier.Name}", releaseEvent.Release, "failed", message);
    }
}
