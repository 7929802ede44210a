using Deploy.Recipes.Docker;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Docker;

/// <summary>The argv each docker command is given, exactly: the same settings always make the same command.</summary>
public sealed class DockerArgumentsTests
{
    [Test]
    public void Build_names_the_dockerfile_tags_build_arguments_by_name_and_ends_with_the_context()
    {
        var argv = DockerArguments.Build(new DockerBuildSettings
        {
            File = "samples/Shop/Dockerfile",
            Tags = ["127.0.0.1:5000/shop:1.2.0"],
            BuildArguments = new Dictionary<string, string> { ["BASE_IMAGE"] = "base:1", ["APP_DIRECTORY"] = "artifacts/release/app" },
        }, ".");

        Assert.That(argv, Is.EqualTo(new[]
        {
            "build", "--file", "samples/Shop/Dockerfile", "--tag", "127.0.0.1:5000/shop:1.2.0",
            "--build-arg", "APP_DIRECTORY=artifacts/release/app", "--build-arg", "BASE_IMAGE=base:1", ".",
        }));
    }

    [Test]
    public void Tag_names_source_then_target()
    {
        Assert.That(DockerArguments.Tag(new DockerTagSettings(), "shop:1", "127.0.0.1:5000/shop:1"),
            Is.EqualTo(new[] { "tag", "shop:1", "127.0.0.1:5000/shop:1" }));
    }

    [Test]
    public void Push_and_pull_name_the_image_and_can_be_quiet()
    {
        Assert.That(DockerArguments.Push(new DockerPushSettings { Quiet = true }, "r/shop:1"), Is.EqualTo(new[] { "push", "--quiet", "r/shop:1" }));
        Assert.That(DockerArguments.Pull(new DockerPullSettings(), "r/shop@sha256:ab"), Is.EqualTo(new[] { "pull", "r/shop@sha256:ab" }));
    }

    [Test]
    public void Run_gives_name_detach_host_network_restart_sorted_labels_volumes_env_file_and_names_before_the_image()
    {
        var argv = DockerArguments.Run(new DockerRunSettings
        {
            Name = "shop-production-blue-1",
            Detach = true,
            Network = "host",
            Restart = "unless-stopped",
            Labels = new Dictionary<string, string> { ["deploy-recipes.slot"] = "blue", ["deploy-recipes.app"] = "Shop" },
            Volumes = ["/srv/data:/data", "/srv/keys:/keys:ro"],
            EnvFile = "/dev/stdin",
            EnvironmentNames = ["ASPNETCORE_URLS"],
        }, "r/shop@sha256:ab", "--urls", "http://127.0.0.1:5001");

        Assert.That(argv, Is.EqualTo(new[]
        {
            "run", "--name", "shop-production-blue-1", "--detach", "--network", "host", "--restart", "unless-stopped",
            "--label", "deploy-recipes.app=Shop", "--label", "deploy-recipes.slot=blue",
            "--volume", "/srv/data:/data", "--volume", "/srv/keys:/keys:ro",
            "--env-file", "/dev/stdin", "--env", "ASPNETCORE_URLS",
            "r/shop@sha256:ab", "--urls", "http://127.0.0.1:5001",
        }));
    }

    [Test]
    public void Run_labels_come_in_the_same_order_whatever_order_they_were_added_in()
    {
        var forward = new DockerRunSettings { Labels = new Dictionary<string, string> { ["b"] = "2", ["a"] = "1", ["B"] = "3" } };
        var backward = new DockerRunSettings { Labels = new Dictionary<string, string> { ["B"] = "3", ["a"] = "1", ["b"] = "2" } };

        Assert.That(DockerArguments.Run(forward, "i"), Is.EqualTo(DockerArguments.Run(backward, "i")));
        Assert.That(DockerArguments.Run(forward, "i"), Is.EqualTo(new[] { "run", "--label", "B=3", "--label", "a=1", "--label", "b=2", "i" }));
    }

    [Test]
    public void Run_refuses_an_environment_variable_with_a_value_without_echoing_the_value()
    {
        var settings = new DockerRunSettings { EnvironmentNames = ["API_KEY=s3cret-value"] };

        var error = Assert.Throws<ArgumentException>(() => DockerArguments.Run(settings, "i"))!;

        Assert.That(error.Message, Does.Contain("API_KEY"));
        Assert.That(error.Message, Does.Not.Contain("s3cret-value"));
    }

    [Test]
    public void Host_and_config_are_global_options_placed_before_the_subcommand()
    {
        var argv = DockerArguments.Ps(new DockerPsSettings { Host = "unix:///tmp/d.sock", Config = "/tmp/cfg", All = true });

        Assert.That(argv, Is.EqualTo(new[] { "--host", "unix:///tmp/d.sock", "--config", "/tmp/cfg", "ps", "--all" }));
    }

    [Test]
    public void Stop_gives_the_grace_time_then_the_containers()
    {
        Assert.That(DockerArguments.Stop(new DockerStopSettings { Time = 30 }, "a", "b"), Is.EqualTo(new[] { "stop", "--time", "30", "a", "b" }));
        Assert.That(DockerArguments.Stop(new DockerStopSettings(), "a"), Is.EqualTo(new[] { "stop", "a" }));
    }

    [Test]
    public void Rm_can_force()
    {
        Assert.That(DockerArguments.Rm(new DockerRmSettings { Force = true }, "a"), Is.EqualTo(new[] { "rm", "--force", "a" }));
    }

    [Test]
    public void Commands_on_containers_refuse_an_empty_list()
    {
        Assert.Throws<ArgumentException>(() => DockerArguments.Rm(new DockerRmSettings()));
        Assert.Throws<ArgumentException>(() => DockerArguments.Stop(new DockerStopSettings(), ""));
    }

    [Test]
    public void Inspect_gives_type_and_format()
    {
        Assert.That(DockerArguments.Inspect(new DockerInspectSettings { Type = "image", Format = "{{.Id}}" }, "r/shop@sha256:ab"),
            Is.EqualTo(new[] { "inspect", "--type", "image", "--format", "{{.Id}}", "r/shop@sha256:ab" }));
    }

    [Test]
    public void Logs_gives_the_tail()
    {
        Assert.That(DockerArguments.Logs(new DockerLogsSettings { Tail = 50 }, "c"), Is.EqualTo(new[] { "logs", "--tail", "50", "c" }));
    }

    [Test]
    public void Image_prune_never_prompts_and_gives_its_filters_in_order()
    {
        var argv = DockerArguments.ImagePrune(new DockerImagePruneSettings { All = true, Filters = ["label=deploy-recipes.app=shop", "until=24h"] });

        Assert.That(argv, Is.EqualTo(new[] { "image", "prune", "--force", "--all", "--filter", "label=deploy-recipes.app=shop", "--filter", "until=24h" }));
    }

    [Test]
    public void Login_reads_the_password_from_standard_input_and_names_the_server_last()
    {
        var argv = DockerArguments.Login(new DockerLoginSettings { Server = "127.0.0.1:5000", Username = "deployer", Config = "/tmp/c" });

        Assert.That(argv, Is.EqualTo(new[] { "--config", "/tmp/c", "login", "--username", "deployer", "--password-stdin", "127.0.0.1:5000" }));
    }

    [Test]
    public void Ps_gives_filters_format_and_no_trunc()
    {
        var argv = DockerArguments.Ps(new DockerPsSettings { Filters = ["label=deploy-recipes.environment=production"], Format = "{{.ID}}", NoTrunc = true });

        Assert.That(argv, Is.EqualTo(new[] { "ps", "--filter", "label=deploy-recipes.environment=production", "--format", "{{.ID}}", "--no-trunc" }));
    }

    [Test]
    public void Image_ls_gives_filters_format_and_digests()
    {
        var argv = DockerArguments.ImageLs(new DockerImageLsSettings { Filters = ["reference=r/shop"], Format = "{{.Digest}}", Digests = true });

        Assert.That(argv, Is.EqualTo(new[] { "image", "ls", "--filter", "reference=r/shop", "--format", "{{.Digest}}", "--digests" }));
    }

    [Test]
    public void Image_rm_can_force()
    {
        Assert.That(DockerArguments.ImageRm(new DockerImageRmSettings { Force = true }, "a", "b"), Is.EqualTo(new[] { "image", "rm", "--force", "a", "b" }));
    }
}
