using Deploy.Recipes.Edge.Contract;
using Yarp.ReverseProxy.Model;
using Yarp.ReverseProxy.Transforms.Builder;
using Yarp.ReverseProxy.Transforms;

namespace Deploy.Recipes.Edge.Routing;

/// <summary>Response transform adding <c>X-Deploy-Served-By: &lt;slot&gt;</c> to every response an app gave.</summary>
internal static class ServedByHeader
{
    public static void Add(TransformBuilderContext builder) => builder.AddResponseTransform(static transform =>
    {
        if (transform.HttpContext.GetReverseProxyFeature().ProxiedDestination is { } destination)
            transform.HttpContext.Response.Headers[EdgeFiles.ServedByHeader] = destination.DestinationId;
        return ValueTask.CompletedTask;
    });
}
