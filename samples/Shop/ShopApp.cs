using System.Reflection;
using Shop.Accounts;
using Microsoft.FeatureManagement;
using Shop.Carts;
using Shop.Catalog;
using Shop.Checkout;
using Shop.Data;
using Shop.Faults;
using Shop.Features;
using Shop.Health;
using Shop.Payments;

namespace Shop;

/// <summary>The sample shop's web app: what the recipe builds, tests, packages and deploys in this repository.</summary>
public static class ShopApp
{
    /// <summary>The version this build reports: the informational version the recipe's Package task stamps.</summary>
    public static string Version { get; } =
        typeof(ShopApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown";

    /// <summary>
    /// Builds the app with its endpoints mapped and its database schema in place; the caller chooses the URLs and runs it.
    /// Configuration comes from the usual ASP.NET Core sources: appsettings.json, environment variables
    /// (Payment__LatencyMs=3000) and --key=value arguments.
    /// </summary>
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        // Blue, green and canary releases run side by side: keep their logs to what needs attention. Logging:LogLevel overrides.
        builder.Logging.SetMinimumLevel(LogLevel.Warning);

        var configuration = builder.Configuration;
        configuration.AddFeatureFlagsFile();
        var settings = ShopSettings.From(configuration);
        var database = new ShopDatabase(configuration.GetConnectionString("Shop") is { Length: > 0 } configured ? configured : "Data Source=shop.db");
        var time = TimeProvider.System;

        builder.Services.AddProblemDetails();
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(database);
        builder.Services.AddSingleton(time);
        builder.Services.AddSingleton<IPaymentProvider>(SimulatedPaymentProvider.From(configuration, time));
        builder.Services.AddSingleton(new StartupGate(settings.StartupDelay, time));
        builder.Services.AddSingleton<ProductCatalog>();
        builder.Services.AddSingleton<ProductListCache>();
        builder.Services.AddSingleton<HomePage>();
        builder.Services.AddSingleton<CartStore>();
        builder.Services.AddSingleton<OrderStore>();
        builder.Services.AddSingleton<CheckoutService>();
        builder.Services.AddSingleton<ReadinessCheck>();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddFeatureManagement().WithTargeting<ShopUser>();
        builder.Services.AddSharedKeys(configuration);
        builder.Services.AddAccounts();

        database.UseWriteAheadLog();
        if (settings.MigrateOnStartup)
            StartupMigration.Run(database);

        var app = builder.Build();
        app.Lifetime.ApplicationStarted.Register(app.Services.GetRequiredService<StartupGate>().MarkStarted);

        app.UseExceptionHandler();
        app.Use((context, next) =>
        {
            // Set as the response starts, so answers rewritten by the exception handler carry the version too.
            context.Response.OnStarting(() =>
            {
                context.Response.Headers["X-App-Version"] = settings.Version;
                return Task.CompletedTask;
            });
            return next(context);
        });
        app.UseLateFailure(settings.FailAfter, time);
        app.UseAuthentication();

        app.MapGet("/version", () => Results.Json(new { version = settings.Version }));
        app.MapHealth();
        app.MapCatalog();
        app.MapCarts();
        app.MapCheckout();
        app.MapRecommendations();
        app.MapAccount();
        return app;
    }
}
