using Cake.Common.Diagnostics;
using Deploy.Recipes.Edge.Contract;
using Deploy.Recipes.Releases;

namespace Deploy.Recipes.Targets.Local;

/// <summary>
/// The embedded default target: releases run as processes on this machine, in two slots behind the environment's
/// edge. Holds what every local task needs: the edge, the installed releases and the environment's history.
/// </summary>
public sealed class LocalTarget(DeployContext context)
{
    private ReleaseHistory? _history;

    /// <summary>The environment's edge process.</summary>
    public LocalEdge Edge { get; } = new(context.Paths, context.PublicPort, message => context.Information(message));

    /// <summary>The installed releases.</summary>
    public ReleaseStore Store { get; } = new(context.Paths.Releases);

    /// <summary>The environment's release history (read on first use; a corrupt file stops the run).</summary>
    public ReleaseHistory History => _history ??= ReleaseHistory.Load(context.Paths.History);

    /// <summary>The running edge, or an error saying nothing runs in the environment yet.</summary>
    public EdgeClient RunningEdge() =>
        Edge.Connect() ?? throw new InvalidOperationException(
            $"Nothing runs in '{context.Settings.Environment}': its edge is not running. Run --target=Deploy first. Nothing was changed.");

    /// <summary>The slot customers are sent to, or null when no slot has traffic.</summary>
    public static SlotState? LiveSlot(EdgeState state)
    {
        var withTraffic = state.Slots.Where(s => s.Weight > 0).ToList();
        if (withTraffic.Count > 1)
            throw new InvalidOperationException(
                $"Traffic is split ({string.Join(", ", withTraffic.Select(s => $"{s.Name} {s.Weight}%"))}); finish or abort that release first.");
        return withTraffic.SingleOrDefault();
    }

    /// <summary>The slot that is not <paramref name="slot"/>.</summary>
    public static string Other(string slot) => EdgeFiles.SlotNames.Single(s => s != slot);

    /// <summary>Weights sending all traffic to <paramref name="slot"/>.</summary>
    public static IReadOnlyDictionary<string, int> AllTo(string slot) =>
        EdgeFiles.SlotNames.ToDictionary(s => s, s => s == slot ? 100 : 0);
}
