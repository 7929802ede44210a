using Deploy.Recipes.Edge.Routing;
using Deploy.Recipes.Edge.Slots;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Model;

namespace Deploy.Recipes.Edge.Metrics;

/// <summary>
/// Proxy-pipeline middleware placed after load balancing, where the destination is chosen: counts the request
/// against that slot, including the proxy's own 502/504 when the slot does not answer. Requests the operator route
/// marked (the recipe's checks) are counted apart from customers'.
/// </summary>
internal sealed class SlotMetricsRecorder(RequestDelegate next, SlotMetricsBoard board)
{
    public Task InvokeAsync(HttpContext context)
    {
        var destinations = context.GetReverseProxyFeature().AvailableDestinations;
        var slot = destinations.Count == 1 ? SlotNames.IndexOf(destinations[0].DestinationId) : -1;
        return slot < 0 ? next(context) : RecordAsync(context, board.For(slot));
    }

    private static RequestSource SourceOf(HttpContext context) =>
        context.Features.Get<OperatorRequest>() != null ? RequestSource.Operator
        : context.Features.Get<PinnedRequest>() != null ? RequestSource.Pinned
        : RequestSource.Customer;

    private async Task RecordAsync(HttpContext context, SlotCounters counters)
    {
        var ticket = counters.RequestStarted(SourceOf(context));
        var status = StatusCodes.Status500InternalServerError; // what the client gets if the proxy throws
        try
        {
            await next(context);
            status = context.Response.StatusCode;
        }
        finally
        {
            counters.RequestEnded(status, ticket);
        }
    }
}
