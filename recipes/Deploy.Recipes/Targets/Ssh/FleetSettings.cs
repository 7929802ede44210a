using System.Net;
using Deploy.Recipes.Hosting;

namespace Deploy.Recipes.Targets.Ssh;

/// <summary>Checks, before any task runs, the settings an environment with hosts depends on; throws naming the bad value.</summary>
public static class FleetSettings
{
    /// <summary>Refuses bad hosts, <c>database=sqlite</c> on a fleet, a bad <c>edge-bind</c> or <c>parallel</c>.</summary>
    public static void Check(DeployContext context)
    {
        var hosts = SshHostAddress.ParseAll(context.Hosts);
        var settings = context.Settings;
        if (settings.Database == "sqlite")
            throw new RecipeUsageException(
                $"Setting 'database' is 'sqlite' but the environment '{settings.Environment}' runs on {hosts.Count} host(s) ({string.Join(", ", hosts.Select(h => h.Name))}): " +
                "the hosts of a fleet cannot share one SQLite file. Use database=postgres with a connection string every host reaches (database-connection), or deploy without hosts.");
        if (settings.Parallel < 1)
            throw new RecipeUsageException($"Setting 'parallel' is {settings.Parallel}: use 1 or more (hosts worked on at once).");
        if (settings.EdgeBind.Length > 0 && !IPAddress.TryParse(settings.EdgeBind, out _))
            throw new RecipeUsageException($"Setting 'edge-bind' is '{settings.EdgeBind}': use an IP address the hosts' edges listen on (such as 0.0.0.0, 10.0.0.5 or ::), or leave it empty for each host's own address.");
    }

    /// <summary>
    /// The address a host's edge listens on for customers: <c>edge-bind</c> when set; else the host's own address when
    /// it is an IP address; else (a DNS name, which the edge cannot bind) every IPv4 address, 0.0.0.0.
    /// </summary>
    public static string EdgeAddress(SshHostAddress host, string edgeBind) =>
        edgeBind.Length > 0 ? edgeBind : host.IsIpAddress ? host.Address : "0.0.0.0";

    /// <summary>
    /// The address the recipe's tunnel reaches the edge's public port at, from the host: the edge's address, except
    /// that a wildcard (0.0.0.0, ::) is reached on the host's loopback.
    /// </summary>
    public static string TunnelAddress(string edgeAddress) =>
        IPAddress.TryParse(edgeAddress, out var ip) && (ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any)) ? (ip.Equals(IPAddress.Any) ? "127.0.0.1" : "::1") : edgeAddress;

    /// <summary>The URL customers reach a host's edge on.</summary>
    public static Uri PublicUrl(SshHostAddress host, string edgeAddress, int port)
    {
        var name = IPAddress.TryParse(edgeAddress, out var ip) && !ip.Equals(IPAddress.Any) && !ip.Equals(IPAddress.IPv6Any) ? edgeAddress : host.Address;
        return new Uri($"http://{(name.Contains(':') ? $"[{name}]" : name)}:{port}/");
    }
}
