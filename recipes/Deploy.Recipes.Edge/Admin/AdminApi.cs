using System.Globalization;
using Deploy.Recipes.Edge.Contract;
using Deploy.Recipes.Edge.Hosting;
using Deploy.Recipes.Edge.Metrics;
using Deploy.Recipes.Edge.Routing;
using Deploy.Recipes.Edge.Slots;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Deploy.Recipes.Edge.Admin;

/// <summary>The admin endpoints of <see cref="Contract"/>'s EdgeApi: thin, each hands over to the concern that does the work.</summary>
internal static class AdminApi
{
    /// <summary>How long DELETE /admin/slots/{slot} drains when the caller names no drainSeconds.</summary>
    private const int DefaultDrainSeconds = 30;

    public static void Map(IEndpointRouteBuilder admin)
    {
        admin.MapGet("/admin/state", (EdgeStateReport state) => Json(state.Current()));

        admin.MapPut("/admin/slots/{slot}", async (string slot, HttpContext context, SlotSupervisor slots) =>
        {
            var index = SlotSupervisor.IndexOf(slot);
            return Json(slots.Start(index, await JsonBody.ReadAsync<StartSlot>(context)));
        });

        admin.MapDelete("/admin/slots/{slot}", async (string slot, HttpContext context, SlotSupervisor slots) =>
        {
            var index = SlotSupervisor.IndexOf(slot);
            var drain = DrainSeconds(context.Request.Query["drainSeconds"]);
            return Json(await slots.StopAsync(index, TimeSpan.FromSeconds(drain)));
        });

        // A recipe on another machine (a fleet over SSH) cannot read the slot's log file: the edge quotes it.
        admin.MapGet("/admin/slots/{slot}/log", async (string slot, HttpContext context, SlotSupervisor slots) =>
        {
            var index = SlotSupervisor.IndexOf(slot);
            var lines = LogLines(context.Request.Query["lines"]);
            return Results.Text(await slots.ReadLogAsync(index, lines));
        });

        // A release the recipe starts itself (a container) needs a port: free on the edge's host, which may be another machine.
        admin.MapGet("/admin/free-port", () => Json(new FreeLoopbackPort(LoopbackPort.Free())));

        admin.MapPut("/admin/slots/{slot}/stop-at", async (string slot, HttpContext context, SlotSupervisor slots) =>
        {
            var index = SlotSupervisor.IndexOf(slot);
            return Json(slots.ScheduleStop(index, await JsonBody.ReadAsync<StopAt>(context)));
        });

        admin.MapPut("/admin/traffic", async (HttpContext context, SlotSupervisor slots, EdgeStateReport state) =>
        {
            slots.ApplyTraffic(WeightTable.From(await JsonBody.ReadAsync<Traffic>(context)));
            return Json(state.Current());
        });

        admin.MapPut("/admin/maintenance", async (HttpContext context, MaintenanceMode maintenance, EdgeStateReport state, EdgeStateFile saved,
            ILogger<MaintenanceMode> log) =>
        {
            var wasOn = maintenance.Current.On;
            maintenance.Apply(await JsonBody.ReadAsync<Maintenance>(context));
            saved.Save(); // an edge restarted after a crash keeps the mode
            var now = maintenance.Current;
            if (now.On)
                log.LogInformation("Maintenance {Change} (customers get 503, Retry-After {Seconds} s)", wasOn ? "page updated" : "on", now.RetryAfterSeconds);
            else if (wasOn)
                log.LogInformation("Maintenance off");
            return Json(state.Current());
        });

        admin.MapGet("/admin/metrics", (SlotMetricsBoard metrics) => Json(metrics.Snapshot()));

        // Prometheus scrapes with the same bearer token (authorization: credentials_file).
        admin.MapGet("/metrics", (MetricsExposition exposition) => Results.Text(exposition.Write(), EdgeMetricsText.ContentType));

        admin.MapPost("/admin/shutdown", (HttpContext context, EdgeShutdown shutdown) =>
        {
            // Begin once the 202 has gone out: the shutdown ends with this listener.
            context.Response.OnCompleted(() =>
            {
                shutdown.Request("POST /admin/shutdown");
                return Task.CompletedTask;
            });
            return Results.StatusCode(StatusCodes.Status202Accepted);
        });
    }

    private static IResult Json<T>(T value) => Results.Json(value, EdgeJson.Options);

    private static int LogLines(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return 20;
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var lines) && lines is >= 1 and <= 500
            ? lines
            : throw AdminRefusal.BadRequest($"lines={text} is not a number of lines (1-500)");
    }

    private static int DrainSeconds(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return DefaultDrainSeconds;
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds <= 86400
            ? seconds
            : throw AdminRefusal.BadRequest($"drainSeconds={text} is not a number of seconds (0-86400)");
    }
}
