using Deploy.Recipes.Containers;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Containers;

public sealed class ContainerInspectionTests
{
    private static string Inspect(string state, int restarts = 0, string health = "") => $$"""
        [
            {
                "Id": "4f2a9c0e1b3d5f7a9c0e1b3d5f7a9c0e1b3d5f7a9c0e1b3d5f7a9c0e1b3d5f7a",
                "Created": "2026-11-28T04:00:00.000000000Z",
                "State": { {{state}}{{health}} },
                "Image": "sha256:9999999999999999999999999999999999999999999999999999999999999999",
                "RestartCount": {{restarts}},
                "Name": "/shop-staging-blue-1.0.0-01234567",
                "Config": { "Image": "127.0.0.1:5000/shop@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "Labels": {} }
            }
        ]
        """;

    [Test]
    public void A_running_container_reads_its_short_id_the_image_it_was_run_by_digest_and_its_health()
    {
        var running = ContainerInspection.Parse(Inspect("\"Status\": \"running\", \"Running\": true, \"ExitCode\": 0", health: ", \"Health\": { \"Status\": \"healthy\" }"))!;

        Assert.That(running.ShortId, Is.EqualTo("4f2a9c0e1b3d"));
        Assert.That(running.Image, Is.EqualTo("127.0.0.1:5000/shop@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"));
        Assert.That(running.Describe(), Is.EqualTo("running healthy"));
        Assert.That(running.Ended, Is.False);
    }

    [Test]
    public void An_exited_container_has_ended_with_its_exit_code()
    {
        var exited = ContainerInspection.Parse(Inspect("\"Status\": \"exited\", \"Running\": false, \"ExitCode\": 134"))!;

        Assert.That(exited.Ended, Is.True);
        Assert.That(exited.Describe(), Is.EqualTo("exited (code 134)"));
        Assert.That(ContainerReadiness.Ended(exited), Is.EqualTo("exited with code 134"));
    }

    [Test]
    public void A_container_Docker_restarted_has_ended_even_while_it_runs_again()
    {
        // Docker resets the exit code of a container it restarted: running again, it tells none.
        var restarted = ContainerInspection.Parse(Inspect("\"Status\": \"running\", \"Running\": true, \"ExitCode\": 0", restarts: 2))!;

        Assert.That(restarted.Ended, Is.True);
        Assert.That(ContainerReadiness.Ended(restarted), Does.Contain("exit code unknown").And.Contain("restarted it 2 times"));
    }

    [Test]
    public void A_restarting_container_has_ended_with_the_exit_code_of_its_last_run()
    {
        var restarting = ContainerInspection.Parse(Inspect("\"Status\": \"restarting\", \"Restarting\": true, \"ExitCode\": 134", restarts: 1))!;

        Assert.That(restarting.Ended, Is.True);
        Assert.That(ContainerReadiness.Ended(restarting), Does.Contain("exit code 134"));
    }

    [Test]
    public void No_container_reads_as_none()
    {
        Assert.That(ContainerInspection.Parse("[]"), Is.Null);
    }
}
