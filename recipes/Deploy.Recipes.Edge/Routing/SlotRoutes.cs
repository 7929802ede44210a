using System.Net;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;

namespace Deploy.Recipes.Edge.Routing;

/// <summary>
/// The proxy's configuration: one catch-all route to one cluster whose destinations are the slots that have a
/// process, each named after its slot. Replaced as a whole when a slot starts or stops; YARP swaps it in atomically
/// while requests flow.
/// </summary>
internal sealed class SlotRoutes
{
    public const string ClusterId = "slots";

    /// <summary>Destination metadata key holding the release id of the slot's process.</summary>
    public const string ReleaseMetadata = "release";

    private static readonly IReadOnlyList<RouteConfig> Routes =
    [
        new RouteConfig { RouteId = "everything", ClusterId = ClusterId, Match = new RouteMatch { Path = "{**catch-all}" } },
    ];

    // Slots speak plain HTTP/1.1 on loopback.
    private static readonly ForwarderRequestConfig Request = new() { Version = HttpVersion.Version11, VersionPolicy = HttpVersionPolicy.RequestVersionOrLower };

    public InMemoryConfigProvider Provider { get; } = new(Routes, [Cluster([])]);

    public void Publish(IEnumerable<(string Slot, int Port, string Release)> destinations) => Provider.Update(Routes, [Cluster(destinations)]);

    private static ClusterConfig Cluster(IEnumerable<(string Slot, int Port, string Release)> destinations) => new()
    {
        ClusterId = ClusterId,
        LoadBalancingPolicy = WeightedSlotPolicy.PolicyName,
        HttpRequest = Request,
        Destinations = destinations.ToDictionary(
            destination => destination.Slot,
            destination => new DestinationConfig
            {
                Address = $"http://127.0.0.1:{destination.Port}/",
                Metadata = new Dictionary<string, string> { [ReleaseMetadata] = destination.Release },
            }),
    };
}
