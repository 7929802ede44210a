using System.Reflection;

namespace Shop;

/// <summary>The sample shop's web app: what the recipe builds, tests, packages and deploys in this repository.</summary>
public static class ShopApp
{
    /// <summary>The version this build reports: the informational version the recipe's Package task stamps.</summary>
    public static string Version { get; } =
        typeof(ShopApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown";

    /// <summary>Builds the app with its endpoints mapped; the caller chooses the URLs and runs it.</summary>
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        var app = builder.Build();
        var version = app.Configuration["Shop:Version"] is { Length: > 0 } configured ? configured : Version;

        app.Use(async (context, next) =>
        {
            context.Response.Headers["X-App-Version"] = version;
            await next(context);
        });
        app.MapGet("/", () => Results.Text($"Shop {version}\n"));
        app.MapGet("/health/live", () => Results.Text("live\n"));
        app.MapGet("/version", () => Results.Json(new { version }));
        return app;
    }
}
