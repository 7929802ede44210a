using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Deploy.Recipes.Edge.Contract;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Edge;

/// <summary>The admin API's guard and its refusals, on one edge whose slots stay empty.</summary>
[TestFixture]
public sealed class EdgeAdminTests
{
    private EdgeUnderTest _edge = null!;

    [OneTimeSetUp]
    public async Task StartEdge() => _edge = await EdgeUnderTest.StartAsync();

    [OneTimeTearDown]
    public async Task EndEdge()
    {
        if (_edge != null)
            await _edge.DisposeAsync();
    }

    [TestCase(null)]
    [TestCase("Bearer wrong-token")]
    [TestCase("Basic dXNlcjpwYXNz")]
    public async Task Admin_calls_without_the_token_get_401(string? authorization)
    {
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = _edge.Admin.BaseAddress };
        if (authorization != null)
            client.DefaultRequestHeaders.Authorization = AuthenticationHeaderValue.Parse(authorization);

        using var state = await client.GetAsync("admin/state");
        using var traffic = await client.PutAsJsonAsync("admin/traffic", new Traffic(new Dictionary<string, int>()), EdgeUnderTest.Json);
        using var shutdown = await client.PostAsync("admin/shutdown", null);

        Assert.That(state.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(traffic.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(shutdown.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await state.Content.ReadFromJsonAsync<ApiError>(EdgeUnderTest.Json))!.Message, Does.Contain("token"));
        Assert.That(_edge.Process.HasExited, Is.False);
    }

    [Test]
    public async Task The_state_lists_both_slots_empty_in_order_with_the_environment_and_port()
    {
        var state = await _edge.StateAsync();

        Assert.That(state.Environment, Is.EqualTo("test"));
        Assert.That(state.PublicPort, Is.EqualTo(_edge.PublicPort));
        Assert.That(state.Slots.Select(slot => slot.Name), Is.EqualTo(new[] { "blue", "green" }));
        Assert.That(state.Slots.Select(slot => slot.Status), Is.All.EqualTo(SlotStatus.Empty));
        Assert.That(state.Maintenance.On, Is.False);
    }

    [Test]
    public async Task A_slot_name_that_is_not_a_slot_gets_404_naming_the_slots()
    {
        using var response = await _edge.Admin.PutAsJsonAsync("admin/slots/purple",
            new StartSlot("r1", "1.0.0", SampleShop.Directory, "Shop.dll", new Dictionary<string, string>()), EdgeUnderTest.Json);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await response.Content.ReadFromJsonAsync<ApiError>(EdgeUnderTest.Json))!.Message, Does.Contain("blue, green"));
    }

    [Test]
    public async Task Starting_a_slot_from_a_missing_folder_or_assembly_gets_400_naming_the_path()
    {
        var missingFolder = Path.Combine(Path.GetTempPath(), "no-such-release-" + Guid.NewGuid().ToString("N"));
        using var folder = await _edge.Admin.PutAsJsonAsync("admin/slots/blue",
            new StartSlot("r1", "1.0.0", missingFolder, "Shop.dll", new Dictionary<string, string>()), EdgeUnderTest.Json);
        using var assembly = await _edge.Admin.PutAsJsonAsync("admin/slots/blue",
            new StartSlot("r1", "1.0.0", SampleShop.Directory, "Missing.dll", new Dictionary<string, string>()), EdgeUnderTest.Json);

        Assert.That(folder.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await folder.Content.ReadFromJsonAsync<ApiError>(EdgeUnderTest.Json))!.Message, Does.Contain(missingFolder));
        Assert.That(assembly.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await assembly.Content.ReadFromJsonAsync<ApiError>(EdgeUnderTest.Json))!.Message, Does.Contain(Path.Combine(SampleShop.Directory, "Missing.dll")));
        Assert.That((await _edge.StateAsync()).Slots[0].Status, Is.EqualTo(SlotStatus.Empty));
    }

    [Test]
    public async Task Traffic_to_a_slot_that_is_not_running_is_refused_with_409_naming_it()
    {
        using var response = await _edge.PutTrafficAsync(blue: 0, green: 100);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That((await response.Content.ReadFromJsonAsync<ApiError>(EdgeUnderTest.Json))!.Message, Does.Contain("green"));
    }

    [Test]
    public async Task Weights_that_do_not_sum_to_100_or_name_an_unknown_slot_are_refused_with_400()
    {
        using var sum = await _edge.PutTrafficAsync(blue: 30, green: 30);
        using var range = await _edge.PutTrafficAsync(blue: 150, green: -50);
        using var unknown = await _edge.Admin.PutAsJsonAsync("admin/traffic",
            new Traffic(new Dictionary<string, int> { ["purple"] = 100 }), EdgeUnderTest.Json);
        using var garbage = await _edge.Admin.PutAsync("admin/traffic", new StringContent("{not json"));

        Assert.That(sum.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(range.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(garbage.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await garbage.Content.ReadFromJsonAsync<ApiError>(EdgeUnderTest.Json))!.Message, Is.Not.Empty);
    }

    [Test]
    public async Task Stopping_an_empty_slot_changes_nothing_and_succeeds()
    {
        using var response = await _edge.Admin.DeleteAsync("admin/slots/green?drainSeconds=0");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await response.Content.ReadFromJsonAsync<SlotState>(EdgeUnderTest.Json))!.Status, Is.EqualTo(SlotStatus.Empty));
    }

    [Test]
    public async Task All_zero_weights_are_accepted()
    {
        using var response = await _edge.PutTrafficAsync(blue: 0, green: 0);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var state = await response.Content.ReadFromJsonAsync<EdgeState>(EdgeUnderTest.Json);
        Assert.That(state!.Slots.Select(slot => slot.Weight), Is.All.Zero);
    }
}
