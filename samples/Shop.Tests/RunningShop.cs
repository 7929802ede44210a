using Microsoft.AspNetCore.Builder;

namespace Shop.Tests;

/// <summary>The real shop on Kestrel at a free loopback port, as the deploy tool runs it, with a client for it.</summary>
internal sealed class RunningShop : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RunningShop(WebApplication app)
    {
        _app = app;
        Client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
    }

    public HttpClient Client { get; }

    /// <param name="settings">Extra configuration as command-line arguments, e.g. "--Payment:LatencyMs=300".</param>
    public static async Task<RunningShop> StartAsync(TemporaryDatabase database, params string[] settings)
    {
        var app = ShopApp.Build(["--urls=http://127.0.0.1:0", $"--ConnectionStrings:Shop={database.ConnectionString}", .. settings]);
        await app.StartAsync();
        return new RunningShop(app);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.DisposeAsync();
    }
}
