using System.Diagnostics;
using System.Net;
using NUnit.Framework;

namespace Shop.Tests;

public sealed class HealthTests
{
    private TemporaryDatabase _database = null!;

    [OneTimeSetUp]
    public void CreateDatabase() => _database = new TemporaryDatabase();

    [OneTimeTearDown]
    public void DeleteDatabase() => _database.Dispose();

    [Test]
    public async Task Liveness_answers_live_even_while_the_release_is_not_ready()
    {
        await using var shop = await RunningShop.StartAsync(_database, "--Shop:StartupDelaySeconds=3600");

        var live = await shop.Client.GetAsync("/health/live");
        var ready = await shop.Client.GetAsync("/health/ready");

        Assert.That(live.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await live.Content.ReadAsStringAsync(), Is.EqualTo("live\n"));
        Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
    }

    [Test]
    public async Task Readiness_is_503_starting_during_the_startup_delay_and_200_after()
    {
        var delay = TimeSpan.FromSeconds(1.5);
        var sinceStart = Stopwatch.StartNew();
        await using var shop = await RunningShop.StartAsync(_database, $"--Shop:StartupDelaySeconds={delay.TotalSeconds}");

        var during = await shop.Client.GetAsync("/health/ready");
        Assert.That(during.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(await during.Content.ReadAsStringAsync(), Is.EqualTo("starting\n"));

        var after = await PollUntilReadyAsync(shop.Client, TimeSpan.FromSeconds(15));
        Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(sinceStart.Elapsed, Is.GreaterThanOrEqualTo(delay));
    }

    private static async Task<HttpResponseMessage> PollUntilReadyAsync(HttpClient client, TimeSpan limit)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var response = await client.GetAsync("/health/ready");
            if (response.StatusCode == HttpStatusCode.OK || waited.Elapsed > limit)
                return response;
            await Task.Delay(100);
        }
    }
}
