using System.Text.Json;
using Deploy.Recipes.Audit;
using Deploy.Recipes.Audit.Report;
using Deploy.Recipes.Health.Timeline;

namespace Deploy.Recipes.Tests.Report;

/// <summary>
/// A release whose numbers are known by construction: an audit trail (a Migrate, then a Deploy of 1.1.0 over 1.0.0
/// that verifies, fails its watch and switches back) and a timeline of one host sampled each second for 10 s, where
/// green (1.1.0) gets all traffic from second 2 to 7 at 100 requests a second, 40 of the 100 of second 5-6 failing
/// (error rate 0 -> 40 % -> 0), its successful responses in the 10 ms bucket except that second's 60, in the 100 ms
/// one; blue (1.0.0) gets the traffic before and after, 50 requests a second, never failing.
/// </summary>
internal static class ScriptedRelease
{
    public const string Id = "1.1.0-abc123";
    public const string OldId = "1.0.0-def456";
    public static readonly DateTimeOffset Start = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);
    public static readonly double[] Buckets = [10, 50, 100, -1];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static readonly ReleaseChanges Changes = new(OldId,
        new CommitRange("1111111111111111", "2222222222222222", 3, ["Ada", "Linus"], ["Add payments", "Fix cart", "Bump"], "aaaa Bump", "cccc Add payments", Start.AddDays(-1)),
        ["20261127 AddPayments"], ["Payment__Url"], [], ["Shop__Title"], "sha256:new", "sha256:old");

    public static IReadOnlyList<AuditRecord> Trail()
    {
        var changes = JsonSerializer.Serialize(Changes, Json);
        AuditRecord R(double second, string step, string outcome, string? release = null, double? ms = null, string? message = null,
            Dictionary<string, string>? inputs = null, string? host = "local", string actor = "ada") =>
            new(Start.AddSeconds(second), actor, "staging", release, step, outcome, ms, message, inputs, host);
        return
        [
            // An earlier release's run: not part of this report.
            R(-100, "Deploy", "started", actor: "linus"),
            R(-99, "Release/started", "started", OldId, message: "Release 1.0.0 is being deployed", inputs: new() { ["version"] = "1.0.0" }, actor: "linus"),
            R(-90, "Release/succeeded", "succeeded", OldId, message: "Release 1.0.0 is live", inputs: new() { ["version"] = "1.0.0" }, actor: "linus"),
            R(-89, "Deploy", "succeeded", ms: 11000, actor: "linus"),
            R(-5, "Migrate", "started"),
            R(-4, "Migrate", "succeeded", ms: 1000, message: "3 -> 4 (validated); backup staging-3.db"),
            R(-3, "Deploy", "started"),
            R(-2.5, "Deploy/install", "started"),
            R(-2.4, "Deploy/install", "succeeded", ms: 100, message: "installed 1.1.0"),
            R(-2, "Release/started", "started", Id, message: "Release 1.1.0 is being deployed to staging by ada (bluegreen).",
                inputs: new() { ["version"] = "1.1.0", ["previous"] = OldId, ["changes"] = changes }),
            R(-1, "release/start", "started", Id),
            R(0.5, "release/start", "succeeded", Id, 1500, "green started"),
            R(1, "Deploy/switch", "started", Id),
            R(1.25, "Deploy/switch", "succeeded", Id, 250),
            R(2, "Deploy/verify", "started", Id),
            R(4, "Deploy/verify", "succeeded", Id, 2000, "passed: 200 requests, 0 5xx (0 %), p99 9.9 ms"),
            R(4.5, "Deploy/watch", "started", Id, message: "watching until 12:00:30 against 1.0.0"),
            R(6.5, "Deploy/watch", "failed", Id, message: "error rate 40 % > 5 % over 100 requests"),
            R(7, "Release/failed", "failed", Id, message: "Release 1.1.0 failed its watch", inputs: new() { ["version"] = "1.1.0", ["reason"] = "error rate 40 % > 5 %" }),
            R(7.5, "Release/switched-back", "switched-back", Id, message: "Traffic is back on 1.0.0",
                inputs: new() { ["version"] = "1.1.0", ["previous"] = OldId, ["reason"] = "error rate 40 % > 5 %" }),
            R(10, "Deploy", "failed", ms: 13000, message: "Release 1.1.0 failed its watch"),
        ];
    }

    public static IReadOnlyList<TimelineSample> Timeline()
    {
        var samples = new List<TimelineSample>();
        long greenRequests = 0, greenErrors = 0, blueRequests = 0;
        long[] greenLatency = new long[4], blueLatency = new long[4];
        for (var second = 0; second <= 10; second++)
        {
            var greenLive = second is >= 3 and <= 7;
            if (second > 0)
            {
                if (greenLive)
                {
                    greenRequests += 100;
                    if (second == 6)
                    {
                        greenErrors += 40;
                        greenLatency[2] += 60;
                    }
                    else
                    {
                        greenLatency[0] += 100;
                    }
                }
                else
                {
                    blueRequests += 50;
                    blueLatency[0] += 50;
                }
            }

            // Weights as the edge reports them at the sample: green from second 2 to 7.
            var greenWeight = second is >= 2 and < 7 ? 100 : 0;
            samples.Add(new TimelineSample(Start.AddSeconds(second), "local",
            [
                new TimelineSlot("blue", OldId, "1.0.0", "running", greenWeight == 0 ? "stable" : null, 100 - greenWeight, blueRequests, 0, Buckets, blueLatency.ToArray()),
                new TimelineSlot("green", Id, "1.1.0", "running", greenWeight > 0 ? "stable" : null, greenWeight, greenRequests, greenErrors, Buckets, greenLatency.ToArray()),
            ]));
        }

        return samples;
    }

    public static ReleaseReport Report() =>
        ReleaseReportBuilder.Build("staging", ReleaseRecords.Of(Trail(), Id)!, Timeline());
}
