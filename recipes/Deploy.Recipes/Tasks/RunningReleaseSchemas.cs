using Deploy.Recipes.Hosting;
using Deploy.Recipes.Targets;

namespace Deploy.Recipes.Tasks;

/// <summary>The releases running in the environment now (live and warm, on any host), with the schema version each was built for: what the breaking-change gate protects.</summary>
internal static class RunningReleaseSchemas
{
    public static async Task<IReadOnlyList<(string Release, long SchemaVersion)>> ReadAsync(DeployContext context)
    {
        await using var target = ReleaseTargets.For(context);
        var hosts = await target.OpenAsync(EdgeDemand.AsFound, RunInterruption.Token);
        var running = new List<string>();
        foreach (var edge in hosts.Select(h => h.Edge).OfType<ITrafficEdge>())
            running.AddRange((await edge.StateAsync()).Slots.Where(s => s.Status is "running" or "starting" && s.Release != null).Select(s => s.Release!));
        return running.Distinct().Select(release => (release, target.History.Find(release)?.SchemaVersion ?? 0)).ToList();
    }
}
