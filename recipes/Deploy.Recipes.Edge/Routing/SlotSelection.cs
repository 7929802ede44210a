using Deploy.Recipes.Edge.Slots;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy.Model;

namespace Deploy.Recipes.Edge.Routing;

/// <summary>
/// Proxy-pipeline middleware before load balancing. Operator requests are narrowed to their slot. Customer requests
/// get a plain 503 when no slot takes customers. YARP does not consult the load-balancing policy when only one
/// destination is available, so a lone slot at weight 0 (a release being smoke-tested) is screened here.
/// </summary>
internal sealed class SlotSelection(RequestDelegate next, TrafficWeights traffic)
{
    public Task InvokeAsync(HttpContext context)
    {
        // Kestrel does not buffer responses; this also keeps any future buffering layer off streamed responses.
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        var proxy = context.GetReverseProxyFeature();
        var available = proxy.AvailableDestinations;

        if (context.Features.Get<OperatorRequest>() is { } operatorRequest)
        {
            for (var i = 0; i < available.Count; i++)
            {
                if (string.Equals(available[i].DestinationId, operatorRequest.Slot, StringComparison.Ordinal))
                {
                    proxy.AvailableDestinations = available[i]; // a DestinationState is a one-item list of itself
                    return next(context);
                }
            }

            return PlainAnswer.SlotHasNoProcessAsync(context, operatorRequest.Slot);
        }

        var weights = traffic.Current;
        if (weights.Total == 0 || available.Count == 0 || (available.Count == 1 && weights.Of(available[0].DestinationId) == 0))
            return PlainAnswer.NoReleaseIsLiveAsync(context);
        return next(context);
    }
}
