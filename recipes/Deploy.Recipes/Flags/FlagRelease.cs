using Cake.Common.Diagnostics;
using Deploy.Recipes.Notifications;
using Deploy.Recipes.Targets;

namespace Deploy.Recipes.Flags;

/// <summary>
/// Changes one feature flag on every host of the environment: reads each host's flags file, writes the changed flag
/// (aside, then renamed over it) where it differs, audits who changed what from what to what, and, when the change gives
/// the feature to more users, follows it with an analysis window that turns the flag off by itself on a fail. The kill
/// switch and changes that narrow the audience are never followed by analysis. Safe to re-run: a change already in
/// place writes nothing and says so.
/// </summary>
public sealed class FlagRelease(DeployContext context, IReadOnlyList<ITargetHost> hosts, FlagWatch? watch)
{
    /// <summary>Applies <paramref name="change"/>; throws when a host's file cannot be read or the analysis turned the flag off.</summary>
    public async Task ApplyAsync(FlagChange change, CancellationToken cancel)
    {
        var files = await ReadAsync(cancel);
        var plans = files.Select(file => (file.Host, file.Document, Before: file.Document.Read(change.Flag), After: change.ApplyTo(file.Document.Read(change.Flag)))).ToList();
        var before = Describe(plans.Select(p => (p.Host, p.Before)).ToList());
        var toWrite = plans.Where(p => !p.Before.SameAs(p.After)).ToList();
        var after = plans[0].After.Describe();
        if (toWrite.Count == 0)
        {
            var same = $"Flag {change.Flag} is already {after}{Everywhere()}: nothing changed.";
            context.Information(same);
            context.Audit.Note("flag", null, "unchanged", same);
            return;
        }

        var widens = toWrite.Any(p => FlagState.Widens(p.Before, p.After));
        // Taken before the change: once it is written, the live slot serves both populations.
        var baseline = widens && watch != null ? await watch.BaselineAsync(hosts, cancel) : null;

        await context.Audit.StepAsync("flag", null, async () =>
        {
            await Task.WhenAll(toWrite.Select(p => WriteAsync(p.Host, p.Document, p.Before, p.After, "flag/write", cancel)));
            var message = $"{change.Flag}: {before} -> {after}{Everywhere()}";
            context.Information("Flag {0}", message);
            return message;
        }, context.Inputs);

        await context.Events.PublishAsync(ReleaseEventKind.FlagChanged, null, null,
            $"Flag {change.Flag} changed by {context.Actor} in {context.Settings.Environment}: {before} -> {after}{Everywhere()}.");
        if (!widens || watch == null || baseline == null)
        {
            if (!widens)
                context.Information("No analysis follows: this change gives the feature to no one new.");
            return;
        }

        var result = await watch.RunAsync(hosts, change.Flag, baseline, cancel);
        if (!result.TurnOff)
        {
            context.Information("Flag {0} stays {1}: {2}", change.Flag, after, result.Why);
            return;
        }

        // The automatic kill switch: read again, so a host whose file changed meanwhile keeps its other flags.
        var now = await ReadAsync(cancel);
        await context.Audit.StepAsync("flag/automatic-off", null, () =>
            Task.WhenAll(now.Select(file =>
            {
                var current = file.Document.Read(change.Flag);
                var off = current with { Enabled = false };
                return current.SameAs(off) ? Task.CompletedTask : WriteAsync(file.Host, file.Document, current, off, "flag/automatic-off/host", cancel);
            })));
        context.Audit.Note("flag", null, "automatic-off", $"automatic: {change.Flag}: {after} -> off{Everywhere()}; {result.Why}");
        await context.Events.PublishAsync(ReleaseEventKind.FlagChanged, null, null,
            $"Flag {change.Flag} was turned off automatically in {context.Settings.Environment} after it went {after}: {result.Why}", result.Why);
        throw new FlagTurnedOffException(
            $"Flag {change.Flag} was turned off automatically after it went {after}: {result.Why}");
    }

    private string Everywhere() => hosts.Count == 1 ? "" : $" on all {hosts.Count} hosts";

    private async Task WriteAsync(ITargetHost host, FeatureFlagsDocument document, FlagState before, FlagState after, string step, CancellationToken cancel) =>
        await context.Audit.HostStepAsync(step, null, host.Name, async () =>
        {
            await host.WriteDataFileAsync(FeatureFlagsFile.Name, document.With(after), cancel);
            return $"{after.Name}: {before.Describe()} -> {after.Describe()}";
        });

    private async Task<IReadOnlyList<(ITargetHost Host, FeatureFlagsDocument Document)>> ReadAsync(CancellationToken cancel) =>
        await Task.WhenAll(hosts.Select(async host =>
        {
            var text = await host.ReadDataFileAsync(FeatureFlagsFile.Name, cancel);
            try
            {
                return (host, FeatureFlagsDocument.Parse(text));
            }
            catch (FormatException bad)
            {
                throw new InvalidOperationException(
                    $"The flags file {FeatureFlagsFile.PathOn(host)}{HostLabel.On(host)} cannot be read: {bad.Message}. Fix or remove it; nothing was written.");
            }
        }));

    // Hosts normally agree; one that missed a change (unreachable then) is named rather than hidden.
    private static string Describe(IReadOnlyList<(ITargetHost Host, FlagState State)> states) =>
        states.All(s => s.State.SameAs(states[0].State))
            ? states[0].State.Describe()
            : "(" + string.Join("; ", states.Select(s => $"{s.Host.Name}: {s.State.Describe()}")) + ")";
}
