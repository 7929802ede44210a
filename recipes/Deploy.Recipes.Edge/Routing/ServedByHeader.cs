using Deploy.Recipes.Edge.Contract;
using Yarp.ReverseProxy.Model;
using Yarp.ReverseProxy.Transforms.Builder;
using Yarp.ReverseProxy.Transforms;

namespace Deploy.Recipes.Edge.Routing;

/// <summary>
/// Response transform adding <c>X-Deploy-Served-By: &lt;slot&gt;</c> to every response an app gave, and
/// <c>X-Deploy-Release: &lt;release id&gt;</c> to operator-routed ones only (customers need not learn release ids).
/// </summary>
internal static class ServedByHeader
{
    public static void Add(TransformBuilderContext builder) => builder.AddResponseTransform(static transform =>
    {
        var context = transform.HttpContext;
        if (context.GetReverseProxyFeature().ProxiedDestination is { } destination)
        {
            context.Response.Headers[EdgeFiles.ServedByHeader] = destination.DestinationId;
            if (context.Features.Get<OperatorRequest>() != null
                && destination.Model.Config.Metadata?.TryGetValue(SlotRoutes.ReleaseMetadata, out var release) == true)
                context.Response.Headers[EdgeFiles.ReleaseHeader] = release;
        }

        return ValueTask.CompletedTask;
    });
}
