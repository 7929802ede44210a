using System.Net;
using NUnit.Framework;

namespace Shop.Tests;

public sealed class AccountTests
{
    private TemporaryDatabase _database = null!;
    private string _keys = null!;

    [OneTimeSetUp]
    public void CreateDatabaseAndKeyFolder()
    {
        _database = new TemporaryDatabase();
        _keys = Path.Combine(Path.GetTempPath(), $"shop-keys-{Guid.NewGuid():N}");
    }

    [OneTimeTearDown]
    public void RemoveDatabaseAndKeyFolder()
    {
        _database.Dispose();
        if (Directory.Exists(_keys))
            Directory.Delete(_keys, recursive: true);
    }

    [Test]
    public async Task Me_without_signing_in_is_401()
    {
        await using var shop = await RunningShop.StartAsync(_database, $"--DataProtection:KeysDirectory={_keys}");

        var response = await shop.Client.GetAsync("/account/me");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task A_cookie_signed_in_on_one_release_is_accepted_by_the_next_that_shares_the_key_folder()
    {
        string cookie;
        await using (var first = await RunningShop.StartAsync(_database, $"--DataProtection:KeysDirectory={_keys}"))
        {
            var signIn = await first.Client.PostAsync("/account/sign-in?name=ada", null);
            Assert.That(signIn.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            cookie = signIn.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
        }

        await using var second = await RunningShop.StartAsync(_database, $"--DataProtection:KeysDirectory={_keys}");
        using var me = new HttpRequestMessage(HttpMethod.Get, "/account/me") { Headers = { { "Cookie", cookie } } };
        var response = await second.Client.SendAsync(me);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await response.ReadAsync<NameBody>()).Name, Is.EqualTo("ada"));
        Assert.That(Directory.GetFiles(_keys, "key-*.xml"), Is.Not.Empty, "the key ring is in the configured folder");
    }

    [Test]
    public async Task A_cookie_is_refused_by_a_release_with_other_keys()
    {
        string cookie;
        await using (var first = await RunningShop.StartAsync(_database, $"--DataProtection:KeysDirectory={_keys}"))
            cookie = (await first.Client.PostAsync("/account/sign-in?name=ada", null)).Headers.GetValues("Set-Cookie").Single().Split(';')[0];

        await using var other = await RunningShop.StartAsync(_database, $"--DataProtection:KeysDirectory={_keys}-other");
        using var me = new HttpRequestMessage(HttpMethod.Get, "/account/me") { Headers = { { "Cookie", cookie } } };
        var response = await other.Client.SendAsync(me);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Directory.Delete($"{_keys}-other", recursive: true);
    }

    private sealed record NameBody(string Name);
}
