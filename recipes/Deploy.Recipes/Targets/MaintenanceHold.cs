using System.Diagnostics;
using Deploy.Recipes.Edge.Contract;

namespace Deploy.Recipes.Targets;

/// <summary>
/// Holds customers back for the length of a database operation: maintenance mode on at every host's edge (customers
/// get the maintenance page, a 503 with Retry-After, never an error), then a short wait for requests already in
/// flight to finish, so no customer write lands after the hold began. Disposing turns maintenance off again on the
/// hosts where the hold turned it on (an operator's maintenance window is left as the operator set it).
/// </summary>
public sealed class MaintenanceHold : IAsyncDisposable
{
    private static readonly TimeSpan DrainWait = TimeSpan.FromSeconds(10);
    private readonly IReadOnlyList<ITrafficEdge> _edges;
    private readonly Maintenance _page;
    private readonly Action<string> _report;
    private readonly Action<string, string> _audit;

    private MaintenanceHold(IReadOnlyList<ITrafficEdge> edges, Maintenance page, Action<string> report, Action<string, string> audit)
    {
        _edges = edges;
        _page = page;
        _report = report;
        _audit = audit;
    }

    /// <summary>
    /// Begins the hold on the running edges of <paramref name="hosts"/>. With no edge running there are no customers to
    /// hold back; where maintenance is already on, nothing changes now or at the end.
    /// </summary>
    /// <param name="hosts">The environment's hosts (an edge that is not running is skipped).</param>
    /// <param name="page">The maintenance page to show.</param>
    /// <param name="report">Where to say what happened.</param>
    /// <param name="audit">Records an outcome ("maintenance-on", "maintenance-off") with a message.</param>
    public static async Task<MaintenanceHold> BeginAsync(IReadOnlyList<ITargetHost> hosts, Maintenance page, Action<string> report, Action<string, string> audit)
    {
        var edges = hosts.Select(h => h.Edge).OfType<ITrafficEdge>().ToList();
        if (edges.Count == 0)
        {
            report("No edge runs in this environment: there are no customers to hold back.");
            return new MaintenanceHold([], page, report, audit);
        }

        var turnedOn = new List<ITrafficEdge>();
        foreach (var edge in edges)
        {
            if ((await edge.StateAsync()).Maintenance.On)
            {
                report(edges.Count == 1 ? "Maintenance mode was already on; it stays on afterwards." : $"Maintenance mode was already on at {edge.PublicUrl}; it stays on afterwards.");
                continue;
            }

            await edge.SetMaintenanceAsync(page with { On = true });
            turnedOn.Add(edge);
            audit("maintenance-on", edges.Count == 1 ? "customers get the maintenance page" : $"customers of {edge.PublicUrl} get the maintenance page");
            report($"Maintenance mode is on for {edge.PublicUrl}: customers get the maintenance page until this is done.");
        }

        var hold = new MaintenanceHold(turnedOn, page, report, audit);
        await hold.DrainAsync();
        return hold;
    }

    /// <summary>Turns maintenance off again where this hold turned it on; never throws (it says what to do instead).</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var edge in _edges)
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await edge.SetMaintenanceAsync(_page with { On = false });
                    _audit("maintenance-off", _edges.Count == 1 ? "customers reach the app again" : $"customers of {edge.PublicUrl} reach the app again");
                    _report($"Maintenance mode is off for {edge.PublicUrl}.");
                    break;
                }
                catch (Exception e) when (attempt < 3)
                {
                    _report($"Turning maintenance mode off failed ({e.Message}); retrying.");
                    await Task.Delay(500);
                }
                catch (Exception e)
                {
                    _audit("maintenance-still-on", e.Message);
                    _report($"Maintenance mode could NOT be turned off at {edge.PublicUrl} ({e.Message}): customers still get the maintenance page. Run --target=MaintenanceOff.");
                    break;
                }
            }
        }
    }

    /// <summary>Waits (briefly, bounded) until no customer request is in flight through the edge.</summary>
    private async Task DrainAsync()
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            int inFlight;
            try
            {
                inFlight = 0;
                foreach (var edge in _edges)
                    inFlight += (await edge.MetricsAsync()).Slots.Values.Sum(s => s.InFlight);
            }
            catch (Exception e)
            {
                // Maintenance is on already: not knowing the in-flight count must not leave it on with no one to end it.
                _report($"Could not read the requests in flight ({e.Message}); going on.");
                return;
            }


            if (inFlight == 0)
                return;
            if (clock.Elapsed > DrainWait)
            {
                _report($"{inFlight} request(s) still in flight after {DrainWait.TotalSeconds:0} s of maintenance; going on.");
                return;
            }

            await Task.Delay(50);
        }
    }
}
