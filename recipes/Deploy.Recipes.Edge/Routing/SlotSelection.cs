using Deploy.Recipes.Edge.Contract;
using Deploy.Recipes.Edge.Slots;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy.Model;

namespace Deploy.Recipes.Edge.Routing;

/// <summary>
/// Proxy-pipeline middleware before load balancing. Operator requests are narrowed to their slot. Customer requests
/// pinned to a role (<see cref="EdgeFiles.PinHeader"/> or <see cref="EdgeFiles.PinCookie"/>) go to that role's slot
/// whatever its weight, if it runs. Customer requests get a plain 503 when no slot takes customers. YARP does not consult the load-balancing policy when only one
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
        if (PinOf(context.Request.Headers) is { } pin
            && (pin == PinnedRequest.Canary ? weights.Canary : weights.Stable) is var pinned and >= 0
            && Find(available, pinned) is { } destination)
        {
            context.Features.Set(pin);
            proxy.AvailableDestinations = destination;
            return next(context);
        }

        if (weights.Total == 0 || available.Count == 0 || (available.Count == 1 && weights.Of(available[0].DestinationId) == 0))
            return PlainAnswer.NoReleaseIsLiveAsync(context);
        return next(context);
    }

    // The role a tester pinned the request to; an unknown value is ignored.
    private static PinnedRequest? PinOf(IHeaderDictionary headers)
    {
        if (headers.TryGetValue(EdgeFiles.PinHeader, out var header) && header.Count == 1)
            return PinnedTo(header[0]);
        return RequestCookie.TryFind(headers.Cookie, EdgeFiles.PinCookie, out var cookie) ? PinnedTo(cookie) : null;
    }

    private static PinnedRequest? PinnedTo(ReadOnlySpan<char> role) =>
        role.Equals(SlotRoles.Canary, StringComparison.OrdinalIgnoreCase) ? PinnedRequest.Canary
        : role.Equals(SlotRoles.Stable, StringComparison.OrdinalIgnoreCase) ? PinnedRequest.Stable
        : null;

    private static Yarp.ReverseProxy.Model.DestinationState? Find(IReadOnlyList<Yarp.ReverseProxy.Model.DestinationState> available, int slotIndex)
    {
        var name = SlotNames.All[slotIndex];
        for (var i = 0; i < available.Count; i++)
        {
            if (string.Equals(available[i].DestinationId, name, StringComparison.Ordinal))
                return available[i];
        }

        return null;
    }
}
