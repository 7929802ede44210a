using Deploy.Recipes.Targets.Local;

namespace Deploy.Recipes.Tasks;

/// <summary>The releases running in the environment now (live and warm), with the schema version each was built for: what the breaking-change gate protects.</summary>
internal static class RunningReleaseSchemas
{
    public static async Task<IReadOnlyList<(string Release, long SchemaVersion)>> ReadAsync(DeployContext context)
    {
        var target = new LocalTarget(context);
        using var edge = target.Edge.Connect();
        if (edge == null)
            return [];
        var running = (await edge.StateAsync()).Slots.Where(s => s.Status is "running" or "starting" && s.Release != null);
        return running.Select(s => (s.Release!, target.History.Find(s.Release!)?.SchemaVersion ?? 0)).ToList();
    }
}
