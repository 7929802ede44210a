using System.Net;
using Deploy.Recipes.Edge.Metrics;
using Deploy.Recipes.Edge.Routing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.LoadBalancing;

namespace Deploy.Recipes.Edge.Hosting;

/// <summary>
/// The public listener on &lt;public address&gt;:&lt;public port&gt; (127.0.0.1 unless <c>--public-address</c> says otherwise): operator route and maintenance gate, then YARP with slot
/// selection, weighted load balancing and per-slot metrics.
/// </summary>
internal static class PublicProxyApp
{
    public static WebApplication Build(EdgeServices shared)
    {
        var builder = EdgeWebHost.CreateBuilder(shared);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(shared.Arguments.PublicAddress, shared.Arguments.PublicPort));
        builder.Services.AddSingleton<IProxyConfigProvider>(shared.Routes.Provider);
        builder.Services.AddSingleton<ILoadBalancingPolicy, WeightedSlotPolicy>();
        builder.Services.AddReverseProxy()
            .AddTransforms(ServedByHeader.Add)
            .AddTransforms(RolloutAssignment.AddCookieTransform)
            .ConfigureHttpClient((_, handler) =>
            {
                // Loopback only: never through a proxy from the environment. Pooled connections are kept (defaults).
                handler.UseProxy = false;
                handler.ConnectTimeout = TimeSpan.FromSeconds(5);
            });

        var app = builder.Build();
        app.UseMiddleware<OperatorRoute>();
        app.UseMiddleware<MaintenanceGate>();
        app.MapReverseProxy(proxy =>
        {
            proxy.UseMiddleware<SlotSelection>();
            proxy.UseLoadBalancing();
            proxy.UseMiddleware<SlotMetricsRecorder>();
        });
        return app;
    }
}
