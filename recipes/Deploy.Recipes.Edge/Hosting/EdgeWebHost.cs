using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Deploy.Recipes.Edge.Hosting;

/// <summary>What both web hosts of the edge start from: a slim builder that reads no app settings of whatever folder the edge was started in.</summary>
internal static class EdgeWebHost
{
    public static WebApplicationBuilder CreateBuilder(EdgeServices shared)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            // No file watchers: the edge's configuration is its command line.
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
            ContentRootPath = AppContext.BaseDirectory,
            ApplicationName = typeof(EdgeWebHost).Assembly.GetName().Name,
        });
        builder.Logging.ClearProviders();
        shared.AddTo(builder.Services);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        return builder;
    }
}
