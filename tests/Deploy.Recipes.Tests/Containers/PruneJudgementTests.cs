using Deploy.Recipes.Containers;
using Deploy.Recipes.Releases;
using NUnit.Framework;
using static Deploy.Recipes.Releases.ReleaseOutcome;

namespace Deploy.Recipes.Tests.Containers;

/// <summary>
/// Which containers and images a host loses after a release (<see cref="ContainerPruning"/>): keep-releases per
/// environment, never another environment's (Kamal #1922), never the live, warm or rollback image (Kamal #270).
/// </summary>
public sealed class PruneJudgementTests
{
    private const string App = "shop";
    private const string Repository = "127.0.0.1:5000/shop";
    private const string Host = "deploy@127.0.0.60:22";
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly HashSet<string> NothingRouted = [];

    [Test]
    public void Stopped_containers_and_images_beyond_keep_releases_go_the_live_and_rollback_ones_stay()
    {
        var history = History("staging", ("s1", Superseded), ("s2", Superseded), ("s3", Superseded), ("s4", Live));
        var inventory = new ContainerInventory(
            [Container("staging", "s1", "exited"), Container("staging", "s2", "exited"), Container("staging", "s3", "exited"), Container("staging", "s4", "running")],
            [Image("s1"), Image("s2"), Image("s3"), Image("s4")]);

        var plan = Judge(inventory, "staging", history, keep: 2);

        Assert.That(plan.Containers.Select(c => c.Name), Is.EquivalentTo(new[] { Name("staging", "s1"), Name("staging", "s2") }));
        Assert.That(plan.Images.Select(i => i.Id), Is.EquivalentTo(new[] { ImageId("s1"), ImageId("s2") }));
    }

    [Test]
    public void The_rollback_target_older_than_keep_releases_keeps_its_container_and_image()
    {
        // s2 failed and s3 was rolled back: the environment runs s1 again, whose previous good release is none newer.
        // With keep-releases=1, s1 is live and s0 is its rollback target although three releases are newer.
        var history = History("production", ("s0", Superseded), ("s1", Live), ("s2", Failed), ("s3", RolledBack));
        var inventory = new ContainerInventory(
            [Container("production", "s0", "exited"), Container("production", "s1", "running"), Container("production", "s2", "exited"), Container("production", "s3", "exited")],
            [Image("s0"), Image("s1"), Image("s2"), Image("s3")]);

        var plan = Judge(inventory, "production", history, keep: 1);

        Assert.That(plan.Containers.Select(c => c.Name), Is.EquivalentTo(new[] { Name("production", "s2") }));
        Assert.That(plan.Images.Select(i => i.Id), Is.EquivalentTo(new[] { ImageId("s2") }));
    }

    [Test]
    public void Another_environments_containers_and_the_images_they_or_its_history_keep_are_never_removed()
    {
        var histories = new Dictionary<string, IReadOnlyList<ReleaseRecord>>
        {
            ["staging"] = Records(("s1", Superseded), ("s2", Superseded), ("s3", Live)),
            // Production's rollback target p0 has no container any more: its history alone keeps the image.
            ["production"] = Records(("p0", Superseded), ("p1", Live)),
        };
        var inventory = new ContainerInventory(
            [
                Container("staging", "s1", "exited"), Container("staging", "s2", "exited"), Container("staging", "s3", "running"),
                Container("production", "old", "exited"), Container("production", "p1", "running"),
            ],
            [Image("s1"), Image("s2"), Image("s3"), Image("old"), Image("p0"), Image("p1")]);

        var plan = ContainerPruning.Judge(inventory, App, "staging", Host, Repository, histories, NothingRouted, keep: 1);

        Assert.That(plan.Containers.Select(c => c.Name), Is.EquivalentTo(new[] { Name("staging", "s1") }), "s2 is staging's rollback target; production's are not staging's");
        Assert.That(plan.Images.Select(i => i.Id), Is.EquivalentTo(new[] { ImageId("s1") }),
            "'old' is used by production's stopped container; p0 (production's rollback target) and p1 are production's");
    }

    [Test]
    public void A_container_a_slot_routes_to_is_kept_even_when_stopped()
    {
        var history = History("staging", ("s1", Superseded), ("s2", Superseded), ("s3", Live));
        var inventory = new ContainerInventory(
            [Container("staging", "s1", "exited"), Container("staging", "s3", "running")],
            [Image("s1"), Image("s3")]);

        var plan = ContainerPruning.Judge(inventory, App, "staging", Host, Repository, history, new HashSet<string> { Name("staging", "s1") }, keep: 1);

        Assert.That(plan.Empty, Is.True);
    }

    [Test]
    public void Running_paused_and_restarting_containers_are_never_removed()
    {
        var history = History("staging", ("s1", Superseded), ("s2", Superseded), ("s3", Superseded), ("s4", Live));
        var inventory = new ContainerInventory(
            [Container("staging", "s1", "running"), Container("staging", "s2", "paused"), Container("staging", "s3", "restarting"), Container("staging", "s4", "running")],
            [Image("s1"), Image("s2"), Image("s3"), Image("s4")]);

        var plan = Judge(inventory, "staging", history, keep: 1);

        Assert.That(plan.Empty, Is.True);
    }

    [Test]
    public void Images_of_other_repositories_and_images_another_apps_container_uses_stay()
    {
        var history = History("staging", ("s1", Superseded), ("s2", Superseded), ("s3", Live));
        var foreign = new HostImage("sha256:foreign", ["127.0.0.1:5000/other:1.0"], ["127.0.0.1:5000/other@sha256:f00"], Start);
        var shared = new HostImage(ImageId("s1"), [$"{Repository}:s1", "127.0.0.1:5000/other:copy"], [Reference("s1")], Start);
        var strangers = new HostContainer("c-stranger", "someone-elses", new Dictionary<string, string>(), "exited", ImageId("s2"), Start);
        var inventory = new ContainerInventory([Container("staging", "s3", "running"), strangers], [foreign, shared, Image("s2"), Image("s3")]);

        var plan = Judge(inventory, "staging", history, keep: 1);

        Assert.That(plan.Empty, Is.True, "other's image, one also named by another repository, one a stranger's container uses");
    }

    [Test]
    public void Containers_of_releases_the_history_does_not_name_keep_the_newest_keep_releases()
    {
        var history = History("staging", ("s1", Live));
        var inventory = new ContainerInventory(
            [Container("staging", "x1", "exited", minutes: 1), Container("staging", "x2", "exited", minutes: 2), Container("staging", "s1", "running")],
            [Image("x1"), Image("x2"), Image("s1")]);

        var plan = Judge(inventory, "staging", history, keep: 1);

        Assert.That(plan.Containers.Select(c => c.Name), Is.EqualTo(new[] { Name("staging", "x1") }));
        Assert.That(plan.Images.Select(i => i.Id), Is.EqualTo(new[] { ImageId("x1") }));
    }

    [Test]
    public void A_kept_record_without_its_image_reference_still_keeps_the_image_its_id_names()
    {
        // An image release's id ends with its digest's first hex digits (ReleaseManifest.ReleaseId).
        var histories = new Dictionary<string, IReadOnlyList<ReleaseRecord>>
        {
            ["staging"] = [new ReleaseRecord("1.0-0a1b2c3d", "1.0", "blue", Start, Superseded, null, "ci"), new ReleaseRecord("2.0-9f8e7d6c", "2.0", "green", Start.AddMinutes(1), Live, null, "ci")],
        };
        var rollback = new HostImage("sha256:one", [$"{Repository}:1.0"], [$"{Repository}@sha256:0a1b2c3d" + new string('0', 56)], Start);
        var older = new HostImage("sha256:zero", [$"{Repository}:0.9"], [$"{Repository}@sha256:11111111" + new string('0', 56)], Start);

        var plan = ContainerPruning.Judge(new ContainerInventory([], [rollback, older]), App, "staging", Host, Repository, histories, NothingRouted, keep: 1);

        Assert.That(plan.Images.Select(i => i.Id), Is.EqualTo(new[] { "sha256:zero" }));
    }

    [Test]
    public void Another_hosts_containers_on_a_shared_daemon_are_left_to_it_and_their_images_kept()
    {
        const string other = "deploy@127.0.0.61:22";
        var history = History("staging", ("s1", Superseded), ("s2", Superseded), ("s3", Live));
        var inventory = new ContainerInventory(
            [Container("staging", "s1", "exited"), Container("staging", "s1", "exited", host: other), Container("staging", "s3", "running")],
            [Image("s1"), Image("s3")]);

        var plan = Judge(inventory, "staging", history, keep: 1);

        Assert.That(plan.Containers.Select(c => c.Name), Is.EqualTo(new[] { Name("staging", "s1") }));
        Assert.That(plan.Images, Is.Empty, "s1's image is still used by the other host's container");
    }

    [Test]
    public void Names_carry_a_fleet_hosts_name_and_a_local_release_keeps_the_short_name()
    {
        Assert.That(ContainerLabels.Name("Shop", "production", "blue", "1.0.0-0a1b2c3d", "deploy@web1.example:2222"),
            Is.EqualTo("shop-production-blue-1.0.0-0a1b2c3d-deploy-web1.example-2222"));
        Assert.That(ContainerLabels.Name("Shop", "production", "blue", "1.0.0-0a1b2c3d", "local"), Is.EqualTo("shop-production-blue-1.0.0-0a1b2c3d"));
    }

    [Test]
    public void Repositories_keep_a_registry_port_and_drop_only_the_tag()
    {
        var image = new HostImage("sha256:1", ["127.0.0.1:5000/team/shop:1.2.3"], ["127.0.0.1:5000/team/shop@sha256:abc"], Start);

        Assert.That(image.Repositories, Is.EqualTo(new[] { "127.0.0.1:5000/team/shop" }));
        Assert.That(image.RegistryDigests, Is.EqualTo(new[] { "sha256:abc" }));
    }

    private static ContainerPrunePlan Judge(ContainerInventory inventory, string environment, Dictionary<string, IReadOnlyList<ReleaseRecord>> histories, int keep) =>
        ContainerPruning.Judge(inventory, App, environment, Host, Repository, histories, NothingRouted, keep);

    private static Dictionary<string, IReadOnlyList<ReleaseRecord>> History(string environment, params (string Release, string Outcome)[] records) =>
        new() { [environment] = Records(records) };

    private static List<ReleaseRecord> Records(params (string Release, string Outcome)[] records) =>
        records.Select((r, i) => new ReleaseRecord(r.Release, r.Release, i % 2 == 0 ? "blue" : "green", Start.AddMinutes(i), r.Outcome, null, "ci", Image: Reference(r.Release))).ToList();

    private static HostContainer Container(string environment, string release, string state, int minutes = 0, string host = Host) =>
        new($"c-{environment}-{release}-{host}", ContainerLabels.Name(App, environment, "blue", release, host), ContainerLabels.For(App, environment, "blue", release, release, host),
            state, ImageId(release), Start.AddMinutes(minutes));

    private static HostImage Image(string release) => new(ImageId(release), [$"{Repository}:{release}"], [Reference(release)], Start);

    private static string Name(string environment, string release) => ContainerLabels.Name(App, environment, "blue", release, Host);

    private static string ImageId(string release) => $"sha256:image-{release}";

    private static string Reference(string release) => $"{Repository}@sha256:digest-{release}";
}
