
namespace Deploy.Recipes.Targets;

/// <summary>How messages name a host: the local target's one host (<c>local</c>) goes unnamed, so its messages read as they did before targets had hosts.</summary>
internal static class HostLabel
{
    /// <summary>The name every message can show for this machine's only host.</summary>
    public const string LocalName = "local";

    /// <summary><c>" on user@host"</c>, or empty for the local host.</summary>
    public static string On(ITargetHost host) => host.Name == LocalName ? "" : $" on {host.Name}";

    /// <summary>The hosts' names, comma separated.</summary>
    public static string Names(IEnumerable<ITargetHost> hosts) => string.Join(", ", hosts.Select(h => h.Name));
}
