using System.Diagnostics;
using System.Text.Json;
using Deploy.Recipes.Tests.Support;
using NUnit.Framework;
using static Deploy.Recipes.Tests.Flags.FlagRollout;

namespace Deploy.Recipes.Tests.Flags;

/// <summary>
/// Feature-flag releases end to end on the local target: one live shop (one Deploy), flags changed with
/// ./build.sh --target=Flag while light customer traffic runs, measured from outside through the public port.
/// </summary>
[NonParallelizable]
public sealed class FlagReleaseTests
{
    private TestEnvironment _environment = null!;
    private CustomerLoad _customers = null!;

    [OneTimeSetUp]
    public async Task DeployTheShopUnderLightTraffic()
    {
        PackagedReleases.Ensure();
        _environment = new TestEnvironment("staging");
        var deploy = _environment.Build("--target=Deploy", "--prebuilt", PackagedReleases.Artifacts(PackagedReleases.V1), "--verify-time=0", "--skip-verification");
        Assert.That(deploy.ExitCode, Is.EqualTo(0), deploy.All);
        _customers = Customers(_environment);
        // The baseline of the first analysis is what the live release served before the change.
        await Task.Delay(TimeSpan.FromSeconds(1));
    }

    [OneTimeTearDown]
    public async Task TakeDown()
    {
        await _customers.DisposeAsync();
        _environment.Dispose();
    }

    [Test, Order(1)]
    public async Task On_for_ten_percent_the_share_of_users_that_get_the_feature_is_within_binomial_bounds()
    {
        var run = _environment.Build(["--target=Flag", $"--flag={Flag}", "--percent=10", .. ShortAnalysis]);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.All);
        Assert.That(run.Out, Does.Contain($"{Flag}: off -> on for 10% of users").And.Contain($"Flag {Flag} stays on for 10% of users"));

        const int users = 4000;
        var on = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, users), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
        {
            if (await IsOnForAsync(_environment.Http, $"user-{i:0000}"))
                Interlocked.Increment(ref on);
        });

        // For 4000 users each in with p = 0.10 the share's standard deviation is sqrt(0.1 * 0.9 / 4000) = 0.47 points;
        // +-2 points is 4.2 of them (a random set of users falls outside about 3 times in 100,000).
        var share = 100.0 * on / users;
        TestContext.Out.WriteLine($"flag on for 10%: {on} of {users} distinct users got the feature ({share:0.00}%)");
        Assert.That(share, Is.InRange(8.0, 12.0));
        Assert.That(_customers.Failures, Is.Zero, string.Join("; ", _customers.FailureSamples));
    }

    [Test, Order(2)]
    public async Task A_named_user_always_gets_the_feature_whatever_the_share()
    {
        var run = _environment.Build(["--target=Flag", $"--flag={Flag}", "--percent=0", "--users=vip-1,vip-2", .. ShortAnalysis]);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.All);

        for (var i = 0; i < 20; i++)
            Assert.That(await IsOnForAsync(_environment.Http, "vip-1"), Is.True, "vip-1 is named");
        for (var i = 0; i < 200; i++)
            Assert.That(await IsOnForAsync(_environment.Http, $"user-{i:0000}"), Is.False, "at 0% only named users get it");
        Assert.That(AuditMessages(_environment), Has.Some.Contains($"{Flag}: on for 10% of users -> on for vip-1, vip-2"));
    }

    [Test, Order(3)]
    public void The_same_change_twice_changes_nothing_the_second_time_and_says_so()
    {
        var file = FlagsFile(_environment);
        var written = File.GetLastWriteTimeUtc(file);

        var again = _environment.Build(["--target=Flag", $"--flag={Flag}", "--percent=0", "--users=vip-1,vip-2", .. ShortAnalysis]);

        Assert.That(again.ExitCode, Is.EqualTo(0), again.All);
        Assert.That(again.Out, Does.Contain($"Flag {Flag} is already on for vip-1, vip-2: nothing changed."));
        Assert.That(again.Out, Does.Not.Contain("Analysing"));
        Assert.That(File.GetLastWriteTimeUtc(file), Is.EqualTo(written));
    }

    [Test, Order(4)]
    public async Task The_kill_switch_reaches_the_running_release_in_under_a_second_with_no_analysis()
    {
        var on = _environment.Build(["--target=Flag", $"--flag={Flag}", "--percent=100", .. ShortAnalysis]);
        Assert.That(on.ExitCode, Is.EqualTo(0), on.All);
        Assert.That(await IsOnForAsync(_environment.Http, "probe"), Is.True);

        // A probe asks as fast as it can; the first answer that says "off" is when the release saw the file.
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var probe = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                if (!await IsOnForAsync(_environment.Http, "probe"))
                    return DateTime.UtcNow;
            }

            return (DateTime?)null;
        });
        var off = _environment.Build("--target=Flag", $"--flag={Flag}", "--off");
        var firstOff = await probe;

        Assert.That(off.ExitCode, Is.EqualTo(0), off.All);
        Assert.That(off.Out, Does.Contain($"{Flag}: on for everyone -> off"));
        Assert.That(off.Out, Does.Not.Contain("Analysing"), "the kill switch is never followed by analysis");
        Assert.That(firstOff, Is.Not.Null, "the release never showed the flag off");
        // The file's write time is when the command wrote it (aside, just before renaming it into place).
        var written = File.GetLastWriteTimeUtc(FlagsFile(_environment));
        var took = firstOff!.Value - written;
        TestContext.Out.WriteLine($"kill switch: the first request answered with the flag off came {took.TotalMilliseconds:0} ms after the command wrote the flags file");
        Assert.That(took, Is.LessThan(TimeSpan.FromSeconds(1)));
        Assert.That(AuditMessages(_environment), Has.Some.Contains($"{Flag}: on for everyone -> off"));
    }

    [Test, Order(5)]
    public void Status_lists_the_flags_and_their_state_in_text_and_json()
    {
        var text = _environment.Build("--target=Status");
        var json = _environment.Build("--target=Status", "--format=json", "--verbosity=quiet");

        Assert.That(text.ExitCode, Is.EqualTo(0), text.All);
        Assert.That(text.Out, Does.Contain($"Flag         {Flag}: off"));
        using var document = JsonDocument.Parse(json.Out);
        var flag = document.RootElement.GetProperty("flags").EnumerateArray().Single();
        Assert.That(flag.GetProperty("name").GetString(), Is.EqualTo(Flag));
        Assert.That(flag.GetProperty("enabled").GetBoolean(), Is.False);
        Assert.That(flag.GetProperty("state").GetString(), Is.EqualTo("off"));
    }

    [Test, Order(6)]
    public void A_bad_flag_command_is_refused_naming_the_value_and_writes_nothing()
    {
        var before = File.ReadAllText(FlagsFile(_environment));

        var run = _environment.Build("--target=Flag", $"--flag={Flag}", "--percent=150");

        Assert.That(run.ExitCode, Is.Not.EqualTo(0));
        Assert.That(run.Error, Does.Contain("Setting 'percent' is 150: use a share of users from 0 to 100."));
        Assert.That(File.ReadAllText(FlagsFile(_environment)), Is.EqualTo(before));
    }
}
