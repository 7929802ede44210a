using System.Net;
using NUnit.Framework;
using Shop.Features;

namespace Shop.Tests;

/// <summary>
/// The Recommendations flag as a running release reads it from the flags file the deploy recipe keeps
/// (DEPLOY_FEATURE_FLAGS): targeted per user, re-read when the file is replaced, failing on demand.
/// </summary>
public sealed class FeatureFlagTests
{
    private TemporaryDatabase _database = null!;
    private string _folder = null!;
    private string _flags = null!;
    private RunningShop _shop = null!;
    private RunningShop _broken = null!;

    [OneTimeSetUp]
    public async Task StartShopsReadingOneFlagsFile()
    {
        _database = new TemporaryDatabase();
        _folder = Directory.CreateTempSubdirectory("shop-flags-").FullName;
        _flags = Path.Combine(_folder, "feature-flags.json");
        WriteFlags(percent: 0, users: ["alice"]);
        _shop = await RunningShop.StartAsync(_database, $"--{FeatureFlagsFile.Variable}={_flags}");
        _broken = await RunningShop.StartAsync(_database, $"--{FeatureFlagsFile.Variable}={_flags}", "--Shop:FlaggedFeatureFails=true");
    }

    [OneTimeTearDown]
    public async Task StopShops()
    {
        await _shop.DisposeAsync();
        await _broken.DisposeAsync();
        _database.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Test, Order(1)]
    public async Task A_user_the_flag_names_gets_the_feature_and_another_does_not()
    {
        var alice = await RecommendationsFor(_shop, "alice");
        var bob = await RecommendationsFor(_shop, "bob");

        Assert.That(alice.Headers.GetValues(Recommendations.Header).Single(), Is.EqualTo("on"));
        Assert.That(await alice.Content.ReadAsStringAsync(), Does.Contain("\"name\""));
        Assert.That(bob.Headers.GetValues(Recommendations.Header).Single(), Is.EqualTo("off"));
        Assert.That(await bob.Content.ReadAsStringAsync(), Is.EqualTo("[]"));
    }

    [Test, Order(1)]
    public async Task The_user_cookie_names_the_user_too()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/recommendations");
        request.Headers.Add("Cookie", $"{ShopUser.Cookie}=alice");
        using var response = await _shop.Client.SendAsync(request);

        Assert.That(response.Headers.GetValues(Recommendations.Header).Single(), Is.EqualTo("on"));
    }

    [Test, Order(1)]
    public async Task The_broken_feature_fails_only_for_users_it_is_on_for()
    {
        using var alice = await RecommendationsFor(_broken, "alice");
        using var bob = await RecommendationsFor(_broken, "bob");

        Assert.That(alice.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
        Assert.That(bob.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test, Order(2)]
    public async Task A_replaced_flags_file_reaches_the_running_release_without_a_restart()
    {
        WriteFlags(percent: 100, users: []);

        // File watching is asynchronous: poll (bounded) rather than assert a time on a shared machine.
        var seen = "off";
        for (var attempt = 0; attempt < 100 && seen != "on"; attempt++)
        {
            using var response = await RecommendationsFor(_shop, "bob");
            seen = response.Headers.GetValues(Recommendations.Header).Single();
            if (seen != "on")
                await Task.Delay(50);
        }

        Assert.That(seen, Is.EqualTo("on"), "bob should get the feature once the flag is on for 100% of users");
    }

    private static async Task<HttpResponseMessage> RecommendationsFor(RunningShop shop, string user)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/recommendations");
        request.Headers.Add(ShopUser.Header, user);
        return await shop.Client.SendAsync(request);
    }

    // The document Microsoft.FeatureManagement reads, written aside and renamed into place as the recipe does.
    private void WriteFlags(int percent, string[] users)
    {
        var audience = new { Users = users, Groups = Array.Empty<string>(), DefaultRolloutPercentage = percent };
        var flag = new Dictionary<string, object>
        {
            ["id"] = Recommendations.Flag,
            ["enabled"] = true,
            ["conditions"] = new { client_filters = new[] { new { name = "Microsoft.Targeting", parameters = new { Audience = audience } } } },
        };
        var json = System.Text.Json.JsonSerializer.Serialize(new { feature_management = new { feature_flags = new[] { flag } } });
        var aside = _flags + ".tmp";
        File.WriteAllText(aside, json);
        File.Move(aside, _flags, overwrite: true);
    }
}
