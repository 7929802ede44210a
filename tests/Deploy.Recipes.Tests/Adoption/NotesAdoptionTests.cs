using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Deploy.Recipes.Tests.Support;
using Microsoft.Data.Sqlite;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Adoption;

/// <summary>
/// The issue's first acceptance test, as a new user adopts the recipe: an app not written for it (samples/Notes: EF
/// Core 9 + SQLite with migrations, Identity bearer tokens, /healthz, / redirecting, no version header), the packed
/// packages from a local feed, `dotnet new deploy-recipe`, settings only, then ./build.sh.
/// </summary>
public sealed class NotesAdoptionTests
{
    private const string Email = "ada@example.com";
    private const string Password = "Correct-Horse-9";

    [Test]
    public async Task A_team_adopts_the_recipe_with_settings_only_and_releases_twice_and_rolls_back_keeping_users_tokens_and_data()
    {
        using var repository = new TemporaryFolder("deploy-recipes-notes-");
        var feed = LocalFeed.Shared;
        using (var hive = new TemplateHive(feed))
        {
            WriteNotesRepository(repository, feed);
            var created = hive.NewDeployRecipe(repository.Path);
            Assert.That(created.ExitCode, Is.EqualTo(0), created.All);
        }

        AdoptWithSettingsOnly(repository);
        RepositoryCopy.Git(repository.Path, "add", "--all");
        RepositoryCopy.Git(repository.Path, "commit", "--quiet", "--message=Adopt Deploy.Recipes");
        using var local = new TestEnvironment("local", repository.Path);

        // First release: the recipe's migration step creates the database; the app never migrates itself.
        var first = local.Build("--target=Deploy", "--app-version=1.0.0", "--verify-time=1");
        Assert.That(first.ExitCode, Is.EqualTo(0), first.All);
        Assert.That(AppliedMigrations(local), Is.EqualTo(new[] { "InitialCreate", "AddNotePinned" }), "the recipe applied the app's EF Core migrations");

        using var customer = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false }) { BaseAddress = local.Url, Timeout = TimeSpan.FromSeconds(10) };
        using (var root = await customer.GetAsync(""))
            Assert.That(root.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        using (var register = await customer.PostAsJsonAsync("identity/register", new { email = Email, password = Password }))
            Assert.That(register.StatusCode, Is.EqualTo(HttpStatusCode.OK), await register.Content.ReadAsStringAsync());
        var token = await LogInAsync(customer);
        using (var create = await PostAsync(customer, "api/notes", token, new { title = "Before the second release", body = "kept" }))
            Assert.That(create.StatusCode, Is.EqualTo(HttpStatusCode.Created), await create.Content.ReadAsStringAsync());
        Assert.That(await LiveVersionAcceptingAsync(local, customer, token), Is.EqualTo("1.0.0"));

        // Second release while the user keeps reading their notes with the same bearer token.
        ProcessRun second;
        await using (var load = new CustomerLoad(local.Url, 8, http => http.SendAsync(Request(HttpMethod.Get, "api/notes", token))))
        {
            second = local.Build("--target=Deploy", "--app-version=2.0.0", "--verify-time=2");
            await Task.Delay(500);
            Assert.That(load.Failures, Is.EqualTo(0), string.Join("; ", load.FailureSamples));
            Assert.That(load.Requests, Is.GreaterThan(50));
            TestContext.Out.WriteLine($"second release: {load.Requests} authorized requests with one bearer token, {load.Failures} failed");
        }

        Assert.That(second.ExitCode, Is.EqualTo(0), second.All);
        Assert.That(await LiveVersionAcceptingAsync(local, customer, token), Is.EqualTo("2.0.0"), "the token issued by release 1 works on release 2");
        Assert.That(await NoteTitlesAsync(customer, token), Is.EqualTo(new[] { "Before the second release" }));

        var rollback = local.Build("--target=Rollback");
        Assert.That(rollback.ExitCode, Is.EqualTo(0), rollback.All);
        Assert.That(await LiveVersionAcceptingAsync(local, customer, token), Is.EqualTo("1.0.0"));
        Assert.That(await NoteTitlesAsync(customer, token), Is.EqualTo(new[] { "Before the second release" }));
    }

    // The sample as a team keeps it: its own folder, a .gitignore, and a nuget.config (here adding the test feed).
    private static void WriteNotesRepository(TemporaryFolder repository, LocalFeed feed)
    {
        RepositoryCopy.CopySourceFolderTo(Path.Combine("samples", "Notes"), repository.Combine("src", "Notes"));
        File.WriteAllText(repository.Combine(".gitignore"), "bin/\nobj/\n*.db\n");
        feed.WriteNuGetConfig(repository.Path);
        RepositoryCopy.Git(repository.Path, "init", "--quiet", "--initial-branch=main");
        RepositoryCopy.Git(repository.Path, "add", "--all");
        RepositoryCopy.Git(repository.Path, "commit", "--quiet", "--message=Notes");
    }

    // What the README's 10-minute path tells a team to set, in the generated build/Program.cs where it says so, and
    // nothing else: no line of the app changes.
    private static void AdoptWithSettingsOnly(TemporaryFolder repository)
    {
        var program = repository.Combine("build", "Program.cs");
        const string marker = "// What a typical app needs";
        var text = File.ReadAllText(program);
        Assert.That(text, Does.Contain(marker), "the template's Program.cs changed; update this test");
        File.WriteAllText(program, text.Replace(marker, """
            recipe.ReadyPath = "/healthz";
                    recipe.SmokeChecks = ["/healthz", "/=302"];
                    recipe.Database = "sqlite";
                    recipe.DatabaseConnection = "Data Source={data}/notes.db";
                    // The Identity key ring lives in the environment's data folder, so each release reads the others' tokens;
                    // the app targets net9.0 and this machine has only the .NET 10 runtime.
                    recipe.AppSettings = ["ConnectionStrings__Notes={database}", "DataProtection__KeysFolder={data}/keys", "DOTNET_ROLL_FORWARD=Major"];
                    
            """ + marker));
    }

    private static async Task<string> LogInAsync(HttpClient customer)
    {
        using var login = await customer.PostAsJsonAsync("identity/login", new { email = Email, password = Password });
        Assert.That(login.StatusCode, Is.EqualTo(HttpStatusCode.OK), await login.Content.ReadAsStringAsync());
        using var body = JsonDocument.Parse(await login.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("accessToken").GetString()!;
    }

    // The version live behind the public port, from Status (X-Deploy-Release is for operator requests only), once the
    // same bearer token has been accepted there.
    private static async Task<string> LiveVersionAcceptingAsync(TestEnvironment environment, HttpClient customer, string token)
    {
        using (var response = await customer.SendAsync(Request(HttpMethod.Get, "api/notes", token)))
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the bearer token is accepted");
        var status = environment.Build("--target=Status", "--format=json", "--verbosity=quiet");
        Assert.That(status.ExitCode, Is.EqualTo(0), status.All);
        using var json = JsonDocument.Parse(status.Out);
        return json.RootElement.GetProperty("slots").EnumerateArray()
            .Single(slot => slot.GetProperty("weight").GetInt32() == 100).GetProperty("version").GetString()!;
    }

    private static async Task<string[]> NoteTitlesAsync(HttpClient customer, string token)
    {
        using var response = await customer.SendAsync(Request(HttpMethod.Get, "api/notes", token));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.EnumerateArray().Select(n => n.GetProperty("title").GetString()!).ToArray();
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient customer, string path, string token, object body)
    {
        var request = Request(HttpMethod.Post, path, token);
        request.Content = JsonContent.Create(body);
        return customer.SendAsync(request);
    }

    private static HttpRequestMessage Request(HttpMethod method, string path, string token)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    private static string[] AppliedMigrations(TestEnvironment environment)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(environment.State, "data", "notes.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT MigrationId FROM __EFMigrationsHistory ORDER BY MigrationId";
        var ids = new List<string>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
            ids.Add(reader.GetString(0).Split('_', 2)[1]);
        return ids.ToArray();
    }
}
