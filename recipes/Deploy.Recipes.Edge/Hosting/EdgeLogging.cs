using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Deploy.Recipes.Edge.Hosting;

/// <summary>
/// One-line console logs (the recipe sends them to edge.log): the edge's lifecycle at Information, failures at
/// Warning. ASP.NET Core and YARP are held to errors, since their per-request messages would flood under load.
/// </summary>
internal static class EdgeLogging
{
    public static ILoggerFactory Create() => LoggerFactory.Create(logging => logging
        .SetMinimumLevel(LogLevel.Information)
        .AddFilter("Microsoft", LogLevel.Warning)
        .AddFilter("Microsoft.AspNetCore", LogLevel.Error)
        // Off entirely: while this category is enabled at any level, ASP.NET Core creates an Activity per request
        // (for log scopes), which costs allocations on every proxied request and adds a traceparent the apps do not need.
        .AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None)
        .AddFilter("Yarp", LogLevel.Error)
        .AddFilter("Microsoft.Extensions.Hosting", LogLevel.Critical) // a failed start is reported by the edge in one line
        .AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.UseUtcTimestamp = true;
            console.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z' ";
            console.ColorBehavior = LoggerColorBehavior.Disabled;
        }));
}
