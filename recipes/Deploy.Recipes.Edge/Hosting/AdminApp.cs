using System.Net;
using Deploy.Recipes.Edge.Admin;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Deploy.Recipes.Edge.Hosting;

/// <summary>The admin listener on a free loopback port, guarded by the token.</summary>
internal static class AdminApp
{
    public static WebApplication Build(EdgeServices shared)
    {
        var builder = EdgeWebHost.CreateBuilder(shared);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.UseMiddleware<AdminTokenCheck>();
        app.UseMiddleware<AdminErrors>();
        AdminApi.Map(app);
        return app;
    }

    /// <summary>The port the started admin listener got.</summary>
    public static int PortOf(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        return new Uri(addresses.First()).Port;
    }
}
