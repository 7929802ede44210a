using System.Diagnostics;
using Deploy.Recipes.Edge.Contract;

namespace Deploy.Recipes.Targets.Local;

/// <summary>
/// Holds customers back for the length of a database operation: maintenance mode on (customers get the maintenance
/// page, a 503 with Retry-After, never an error), then a short wait for requests already in flight to finish, so no
/// customer write lands after the hold began. Disposing turns maintenance off again, unless it was already on when
/// the hold began (an operator's maintenance window is left as the operator set it).
/// </summary>
public sealed class MaintenanceHold : IAsyncDisposable
{
    private static readonly TimeSpan DrainWait = TimeSpan.FromSeconds(10);
    private readonly EdgeClient? _edge;
    private readonly Maintenance _page;
    private readonly Action<string> _report;
    private readonly Action<string, string> _audit;

    private MaintenanceHold(EdgeClient? edge, Maintenance page, Action<string> report, Action<string, string> audit)
    {
        _edge = edge;
        _page = page;
        _report = report;
        _audit = audit;
    }

    /// <summary>
    /// Begins the hold on the environment's running edge. With no edge running there are no customers to hold back;
    /// with maintenance already on, nothing changes now or at the end.
    /// </summary>
    /// <param name="edge">The environment's edge.</param>
    /// <param name="page">The maintenance page to show.</param>
    /// <param name="report">Where to say what happened.</param>
    /// <param name="audit">Records an outcome ("maintenance-on", "maintenance-off") with a message.</param>
    public static async Task<MaintenanceHold> BeginAsync(LocalEdge edge, Maintenance page, Action<string> report, Action<string, string> audit)
    {
        var client = edge.Connect();
        if (client == null)
        {
            report("No edge runs in this environment: there are no customers to hold back.");
            return new MaintenanceHold(null, page, report, audit);
        }

        if ((await client.StateAsync()).Maintenance.On)
        {
            report("Maintenance mode was already on; it stays on afterwards.");
            client.Dispose();
            return new MaintenanceHold(null, page, report, audit);
        }

        await client.SetMaintenanceAsync(page with { On = true });
        audit("maintenance-on", "customers get the maintenance page");
        report($"Maintenance mode is on for {client.PublicUrl}: customers get the maintenance page until this is done.");
        var hold = new MaintenanceHold(client, page, report, audit);
        await hold.DrainAsync();
        return hold;
    }

    /// <summary>Turns maintenance off again when this hold turned it on; never throws (it says what to do instead).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_edge == null)
            return;
        using (_edge)
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await _edge.SetMaintenanceAsync(_page with { On = false });
                    audit("maintenance-off", "customers reach the app again");
                    _report($"Maintenance mode is off for {_edge.PublicUrl}.");
                    return;
                }
                catch (Exception e) when (attempt < 3)
                {
                    _report($"Turning maintenance mode off failed ({e.Message}); retrying.");
                    await Task.Delay(500);
                }
                catch (Exception e)
                {
                    audit("maintenance-still-on", e.Message);
                    _report($"Maintenance mode could NOT be turned off ({e.Message}): customers still get the maintenance page. Run --target=MaintenanceOff.");
                    return;
                }
            }
        }

        void audit(string outcome, string message) => _audit(outcome, message);
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
                inFlight = (await _edge!.MetricsAsync()).Slots.Values.Sum(s => s.InFlight);
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
