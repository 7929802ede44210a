using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Deploy.Recipes.Tests.Support;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Containers;

/// <summary>
/// artifact=image end to end on the local target: real ./build.sh in the repository copy, the tests' dockerd and
/// loopback registry (<see cref="TestDocker"/>). Two images are packaged once; staging and production deploy them and
/// every test below reads what those deploys left (the tests run in order and share the environments).
/// </summary>
[NonParallelizable]
[TestFixture]
public sealed class ContainerReleaseTests
{
    // Its own repository name, so images other tests push to the shared registry never mix with these.
    private const string ImageName = "slots-shop";
    private const string V1 = "1.0.0";
    private const string V2 = "2.0.0";
    private TestEnvironment _staging = null!;
    private TestEnvironment _production = null!;
    private HashSet<string> _containersBefore = null!;
    private ProcessRun _stagingV1 = null!;
    private ProcessRun _productionV1 = null!;
    private string _digestV1 = "";

    [OneTimeSetUp]
    public void PackageTwoImagesAndDeployTheFirstToStagingThenProduction()
    {
        TestDocker.Ensure();
        _containersBefore = Containers("--all").ToHashSet();
        foreach (var version in new[] { V1, V2 })
        {
            var package = Run(RepositoryCopy.Path, "--target=Package", "--exclusive", $"--app-version={version}", Artifacts(version));
            Assert.That(package.ExitCode, Is.EqualTo(0), package.All);
        }
        _digestV1 = RegistryDigest(V1);

        _staging = new TestEnvironment("staging");
        _production = new TestEnvironment("production");
        _stagingV1 = Build(_staging, "--target=Deploy", "--prebuilt", Artifacts(V1), "--verify-time=1");
        Assert.That(_stagingV1.ExitCode, Is.EqualTo(0), _stagingV1.All);
        _productionV1 = Build(_production, "--target=Deploy", "--prebuilt", Artifacts(V1), "--verify-time=1");
        Assert.That(_productionV1.ExitCode, Is.EqualTo(0), _productionV1.All);
    }

    [OneTimeTearDown]
    public void TakeDownAndRemoveTheContainersThisFixtureMade()
    {
        _staging?.Dispose();
        _production?.Dispose();
        var made = Containers("--all").Where(id => !_containersBefore.Contains(id)).ToArray();
        if (made.Length > 0)
            TestDocker.Docker(["rm", "--force", .. made]);
    }

    [Test, Order(1)]
    public void Package_pushes_one_image_per_release_tagged_with_its_version()
    {
        Assert.That(RegistryTags(), Is.EquivalentTo(new[] { V1, V2 }));
        Assert.That(RegistryDigest(V2), Is.Not.EqualTo(_digestV1));
    }

    [Test, Order(2)]
    public void Staging_and_production_run_the_packaged_digest_and_Status_and_the_audit_show_it()
    {
        var reference = $"{TestDocker.Registry}/{ImageName}@{_digestV1}";
        foreach (var environment in new[] { _staging, _production })
        {
            Assert.That(Task.Run(environment.VersionAsync).Result, Is.EqualTo(V1));
            var running = Containers(Environment(environment));
            Assert.That(running, Has.Count.EqualTo(1), $"one container runs in {environment.Name}");
            Assert.That(TestDocker.Docker("inspect", "--format", "{{.Config.Image}} {{index .Config.Labels \"deploy-recipes.version\"}}", running[0]),
                Is.EqualTo($"{reference} {V1}"), "it runs the packaged digest");

            var status = Build(environment, "--target=Status");
            Assert.That(status.ExitCode, Is.EqualTo(0), status.All);
            Assert.That(status.Out, Does.Match($@"Container\s+\w+\s+shop-{environment.Name}-\w+-{V1}-\S+\s+id [0-9a-f]{{12}}\s+running.*image {Regex(reference)}"), status.Out);

            var json = Build(environment, "--target=Status", "--format=json", "--verbosity=quiet");
            using var document = JsonDocument.Parse(json.Out);
            Assert.That(document.RootElement.GetProperty("releases")[0].GetProperty("image").GetString(), Is.EqualTo(reference), "the release record names the image by digest");
            Assert.That(File.ReadAllText(environment.AuditFile), Does.Contain($"runs {reference}"), "the audit names the image by digest");
        }
    }

    [Test, Order(3)]
    public async Task A_second_release_under_customer_load_fails_no_request_and_keeps_a_customer_signed_in()
    {
        using var signIn = await _production.Http.PostAsync("account/sign-in?name=ada", null);
        Assert.That(signIn.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("shop-account=", StringComparison.Ordinal)).Split(';')[0];

        ProcessRun second;
        await using (var customers = new CustomerLoad(_production.Url, 8, http => http.GetAsync("")))
        {
            second = Build(_production, "--target=Deploy", "--prebuilt", Artifacts(V2), "--verify-time=2");
            await Task.Delay(500);
            Assert.That(customers.Failures, Is.EqualTo(0), string.Join("; ", customers.FailureSamples));
            Assert.That(customers.Requests, Is.GreaterThan(100));
        }
        Assert.That(second.ExitCode, Is.EqualTo(0), second.All);

        using var me = new HttpRequestMessage(HttpMethod.Get, "account/me") { Headers = { { "Cookie", cookie } } };
        using var answer = await _production.Http.SendAsync(me);
        Assert.That(answer.Headers.GetValues("X-App-Version").Single(), Is.EqualTo(V2), "release 2 answered");
        Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.OK), "release 2 reads release 1's cookie: one key folder for the environment");
        Assert.That(await answer.Content.ReadAsStringAsync(), Does.Contain("ada"));
        Assert.That(Directory.GetFiles(Path.Combine(_production.State, "data", "data-protection-keys"), "key-*.xml"), Has.Length.EqualTo(1));
    }

    [Test, Order(4)]
    public async Task Rollback_switches_to_the_warm_container_and_starts_none()
    {
        var before = Containers("--all", Environment(_production)).ToHashSet();

        var rollback = Build(_production, "--target=Rollback");

        Assert.That(rollback.ExitCode, Is.EqualTo(0), rollback.All);
        Assert.That(rollback.Out, Does.Contain("it was warm"), rollback.Out);
        Assert.That(await _production.VersionAsync(), Is.EqualTo(V1));
        Assert.That(Containers("--all", Environment(_production)), Is.EquivalentTo(before), "no container was started or removed");
        using var history = JsonDocument.Parse(File.ReadAllText(Path.Combine(_production.State, "releases.json")));
        var last = history.RootElement.EnumerateArray().Last();
        Assert.That(last.GetProperty("image").GetString(), Is.EqualTo($"{TestDocker.Registry}/{ImageName}@{_digestV1}"),
            "the history's record of the rollback names the image that serves again");
    }

    [Test, Order(5)]
    public async Task A_container_that_exits_at_start_fails_the_deploy_quoting_its_docker_logs_and_nothing_is_switched()
    {
        // --exclusive, as CI's later stages deploy: the staging clone's validation (which would run the release's folder and
        // catch the setting first) is skipped, so the container is what meets it.
        var failed = Build(_staging, "--target=Deploy", "--exclusive", "--prebuilt", Artifacts(V2),
            "--app-settings=ConnectionStrings__Shop={database};Shop__MigrateOnStartup=false;Shop__PaymentTimeoutMs=0");

        Assert.That(failed.ExitCode, Is.Not.EqualTo(0));
        // The shop refuses a payment timeout of 0 at start-up: its own words come from docker logs.
        Assert.That(failed.Error, Does.Contain("Shop:PaymentTimeoutMs must be greater than 0").And.Contain("docker logs").And.Match(@"exit(ed with)? code \d+"), failed.All);
        Assert.That(await _staging.VersionAsync(), Is.EqualTo(V1), "customers still get release 1");
        Assert.That(TestDocker.Docker("ps", "--filter", Environment(_staging), "--format", "{{.Label \"deploy-recipes.version\"}}").Split('\n'), Is.EqualTo(new[] { V1 }),
            "the failed container is stopped; only release 1 runs");
        var steps = File.ReadLines(_staging.AuditFile).Select(l => JsonDocument.Parse(l).RootElement)
            .Select(r => $"{r.GetProperty("step").GetString()}:{r.GetProperty("outcome").GetString()}").ToList();
        Assert.That(steps.Last(s => s.StartsWith("release/ready", StringComparison.Ordinal)), Is.EqualTo("release/ready:failed"));
        Assert.That(steps.Count(s => s == "Deploy/switch:succeeded"), Is.EqualTo(1), "only release 1 was ever switched to");
    }

    [Test, Order(6)]
    public void Down_stops_the_containers_through_the_edge()
    {
        Assert.That(Containers(Environment(_production)), Is.Not.Empty);

        var down = Build(_production, "--target=Down");

        Assert.That(down.ExitCode, Is.EqualTo(0), down.All);
        Assert.That(Containers(Environment(_production)), Is.Empty, "the edge's shutdown ran each slot's docker stop");
        Assert.That(Containers("--all", Environment(_production)), Is.Not.Empty, "stopped, not removed: pruning removes them");
    }

    [Test, Order(7)]
    public async Task An_image_built_from_the_Dockerfile_deploys()
    {
        const string v3 = "3.0.0";
        var package = Run(RepositoryCopy.Path, "--target=Package", "--exclusive", $"--app-version={v3}", Artifacts(v3), "--dockerfile=samples/Shop/Dockerfile");
        Assert.That(package.ExitCode, Is.EqualTo(0), package.All);

        var deploy = Build(_staging, "--target=Deploy", "--prebuilt", Artifacts(v3), "--verify-time=1");

        Assert.That(deploy.ExitCode, Is.EqualTo(0), deploy.All);
        Assert.That(await _staging.VersionAsync(), Is.EqualTo(v3));
        var running = Containers(Environment(_staging), "label=deploy-recipes.version=" + v3);
        Assert.That(running, Has.Count.EqualTo(1));
        Assert.That(TestDocker.Docker("inspect", "--format", "{{.Config.Image}}", running[0]), Is.EqualTo($"{TestDocker.Registry}/{ImageName}@{RegistryDigest(v3)}"));
    }

    private static string Environment(TestEnvironment environment) => $"label=deploy-recipes.environment={environment.Name}";

    private static string Artifacts(string version) => $"--artifacts=artifacts/slots-image-v{version}";

    private static string Regex(string text) => System.Text.RegularExpressions.Regex.Escape(text);

    /// <summary>The ids of the Shop's release containers (running only, unless "--all"), narrowed by more label filters.</summary>
    private static IReadOnlyList<string> Containers(params string[] options)
    {
        var arguments = new List<string> { "ps", "--quiet", "--no-trunc", "--filter", "label=deploy-recipes.app=Shop" };
        foreach (var option in options)
            arguments.AddRange(option.StartsWith("--", StringComparison.Ordinal) ? [option] : ["--filter", option]);
        return TestDocker.Docker([.. arguments]).Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    private static ProcessRun Build(TestEnvironment environment, params string[] args) =>
        Run(environment.Repository, [.. TestEnvironment.WithoutWatch(args), $"--environment={environment.Name}", $"--public-port={environment.Port}"]);

    // The registry's password reaches ./build.sh through its environment (TestDocker.RecipeEnvironment), never its command line.
    private static ProcessRun Run(string repository, params string[] args) =>
        ProcessRun.Start(Path.Combine(repository, "build.sh"), [.. args, "--artifact=image", $"--image-name={ImageName}"], repository,
            new Dictionary<string, string>(TestDocker.RecipeEnvironment()), TimeSpan.FromMinutes(6));

    private static HttpClient Registry()
    {
        var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = new Uri($"http://{TestDocker.Registry}/v2/") };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{TestDocker.User}:{TestDocker.Password}")));
        return http;
    }

    private static IReadOnlyList<string> RegistryTags()
    {
        using var http = Registry();
        using var document = JsonDocument.Parse(http.GetStringAsync($"{ImageName}/tags/list").Result);
        return document.RootElement.GetProperty("tags").EnumerateArray().Select(t => t.GetString()!).ToList();
    }

    private static string RegistryDigest(string tag)
    {
        using var http = Registry();
        using var request = new HttpRequestMessage(HttpMethod.Head, $"{ImageName}/manifests/{tag}");
        foreach (var type in new[] { "application/vnd.oci.image.manifest.v1+json", "application/vnd.docker.distribution.manifest.v2+json", "application/vnd.oci.image.index.v1+json" })
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
        using var response = http.Send(request);
        response.EnsureSuccessStatusCode();
        return response.Headers.GetValues("Docker-Content-Digest").Single();
    }
}
