using System.Text;
using Deploy.Recipes.Audit;
using Deploy.Recipes.Hosting;
using Deploy.Recipes.Tests.Support;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Audit;

/// <summary>
/// The audit trail's hash chain: trails written by the real <see cref="AuditTrail"/> into a temp folder, then changed
/// the way a person or a broken disk would, and checked with the pure <see cref="AuditChain.Verify"/>.
/// </summary>
public sealed class AuditChainTests
{
    private TemporaryFolder _folder = null!;

    private string Trail => _folder.Combine("audit", "staging.jsonl");

    private string Anchor => AuditAnchor.PathOf(Trail);

    [SetUp]
    public void CreateFolder() => _folder = new TemporaryFolder("deploy-audit-chain-");

    [TearDown]
    public void RemoveFolder() => _folder.Dispose();

    [Test]
    public void A_trail_written_by_the_trail_is_intact_and_says_which_lines_are_chained()
    {
        Write(5);

        var verdict = Verify();

        Assert.That(verdict.Intact, Is.True, verdict.ToText("trail"));
        Assert.That(verdict.ToText("trail"), Does.StartWith("5 records, chain intact (lines 1-5)"));
        Assert.That(Lines(), Has.All.Contain("\"sequence\":").And.All.Contain("\"previousHash\":"));
    }

    [Test]
    public void An_edited_record_is_named_by_its_line()
    {
        Write(5);
        var lines = Lines();
        lines[2] = lines[2].Replace("\"outcome\":\"done\"", "\"outcome\":\"fine\"");
        Save(lines);

        var verdict = Verify();

        Assert.That(verdict.Break?.Line, Is.EqualTo(3), verdict.ToText("trail"));
        Assert.That(verdict.Break!.What, Does.Contain("line 3 was changed"));
    }

    [Test]
    public void An_edited_last_record_is_caught_by_the_anchor()
    {
        Write(4);
        var lines = Lines();
        lines[3] = lines[3].Replace("note 4", "note X");
        Save(lines);

        var verdict = Verify();

        Assert.That(verdict.Break?.Line, Is.EqualTo(4), verdict.ToText("trail"));
        Assert.That(verdict.Break!.What, Does.Contain("anchor"));
    }

    [Test]
    public void A_removed_record_is_named_by_the_line_where_it_is_missing()
    {
        Write(6);
        var lines = Lines();
        lines.RemoveAt(3);
        Save(lines);

        var verdict = Verify();

        Assert.That(verdict.Break?.Line, Is.EqualTo(4), verdict.ToText("trail"));
        Assert.That(verdict.Break!.Expected, Is.EqualTo("sequence 4"));
        Assert.That(verdict.Break.Found, Is.EqualTo("sequence 5"));
        Assert.That(verdict.Break.What, Does.Contain("1 record(s) missing"));
    }

    [Test]
    public void Reordered_records_are_caught_at_the_first_out_of_place_line()
    {
        Write(5);
        var lines = Lines();
        (lines[1], lines[2]) = (lines[2], lines[1]);
        Save(lines);

        var verdict = Verify();

        Assert.That(verdict.Break?.Line, Is.EqualTo(2), verdict.ToText("trail"));
        Assert.That(verdict.Break!.Found, Is.EqualTo("sequence 3"));
    }

    [Test]
    public void A_file_truncated_mid_line_is_caught_at_the_cut_line()
    {
        Write(3);
        var bytes = File.ReadAllBytes(Trail);
        File.WriteAllBytes(Trail, bytes[..^20]);

        var verdict = Verify();

        Assert.That(verdict.Break?.Line, Is.EqualTo(3), verdict.ToText("trail"));
        Assert.That(verdict.Break!.What, Does.Contain("truncated mid-line"));
    }

    [Test]
    public void Whole_lines_cut_from_the_end_are_caught_by_the_anchor()
    {
        Write(5);
        Save(Lines().Take(3).ToList());

        var verdict = Verify();

        Assert.That(verdict.Break?.Line, Is.EqualTo(4), verdict.ToText("trail"));
        Assert.That(verdict.Break!.What, Does.Contain("2 record(s) missing at the end"));
    }

    [Test]
    public void Records_written_before_the_chain_are_an_unchained_prefix_not_tampering()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Trail)!);
        File.WriteAllText(Trail,
            """{"timeUtc":"2026-01-01T00:00:00+00:00","actor":"ci","environment":"staging","release":null,"step":"Deploy","outcome":"started","durationMs":null,"message":null,"inputs":null}""" + "\n" +
            """{"timeUtc":"2026-01-01T00:00:01+00:00","actor":"ci","environment":"staging","release":null,"step":"Deploy","outcome":"succeeded","durationMs":1000,"message":null,"inputs":null,"host":null}""" + "\n");
        Write(2);

        var verdict = Verify();

        Assert.That(verdict.Intact, Is.True, verdict.ToText("trail"));
        Assert.That(verdict.UnchainedLines, Is.EqualTo(2));
        Assert.That(verdict.ToText("trail"), Does.StartWith("4 records, chain intact (lines 3-4); lines 1-2 were written before the trail was chained"));
    }

    [Test]
    public void An_edited_last_line_of_the_unchained_prefix_is_caught_by_the_first_chained_record()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Trail)!);
        File.WriteAllText(Trail, """{"timeUtc":"2026-01-01T00:00:00+00:00","actor":"ci","environment":"staging","release":null,"step":"Deploy","outcome":"started","durationMs":null,"message":null,"inputs":null}""" + "\n");
        Write(1);
        var lines = Lines();
        lines[0] = lines[0].Replace("\"ci\"", "\"someone\"");
        Save(lines);

        Assert.That(Verify().Break?.Line, Is.EqualTo(1));
    }

    [Test]
    public void An_empty_or_missing_trail_with_no_anchor_is_intact_with_no_records()
    {
        var missing = Verify();
        Directory.CreateDirectory(Path.GetDirectoryName(Trail)!);
        File.WriteAllText(Trail, "");
        var empty = Verify();

        Assert.That(missing.Intact && empty.Intact, Is.True);
        Assert.That(empty.Records, Is.EqualTo(0));
        Assert.That(empty.ToText("trail"), Does.StartWith("0 records"));
    }

    [Test]
    public void An_emptied_trail_whose_anchor_remains_is_broken()
    {
        Write(3);
        File.WriteAllText(Trail, "");

        var verdict = Verify();

        Assert.That(verdict.Break?.Line, Is.EqualTo(1), verdict.ToText("trail"));
        Assert.That(verdict.Break!.What, Does.Contain("runs to record 3"));
    }

    [Test]
    public void A_chained_trail_whose_anchor_was_deleted_is_broken()
    {
        Write(3);
        File.Delete(Anchor);

        var verdict = Verify();

        Assert.That(verdict.Break?.What, Does.Contain("anchor file is missing"), verdict.ToText("trail"));
    }

    [Test]
    public void Records_appended_after_lines_were_cut_keep_the_gap_visible()
    {
        Write(5);
        Save(Lines().Take(3).ToList());
        Write(2);

        var verdict = Verify();

        Assert.That(verdict.Break?.Line, Is.EqualTo(4), verdict.ToText("trail"));
        Assert.That(verdict.Break!.Expected, Is.EqualTo("sequence 4"));
        Assert.That(verdict.Break.Found, Is.EqualTo("sequence 6"));
    }

    [Test]
    public void A_record_appended_after_a_cut_off_line_is_written_whole_on_its_own_line_and_the_cut_line_stays_broken()
    {
        Write(3);
        File.WriteAllBytes(Trail, File.ReadAllBytes(Trail)[..^20]);
        Write(1);

        var lines = Lines();
        Assert.That(AuditChain.Parse(Encoding.UTF8.GetBytes(lines[^1])), Is.Not.Null, "the new record is whole");
        Assert.That(Verify().Break?.Line, Is.EqualTo(3));
    }

    [Test]
    public void A_writer_that_stopped_between_its_line_and_its_anchor_leaves_an_intact_trail_that_later_records_extend()
    {
        Write(3);
        var anchorBefore = File.ReadAllText(Anchor);
        Write(1);
        File.WriteAllText(Anchor, anchorBefore);

        var lagging = Verify();
        Write(1);
        var extended = Verify();

        Assert.That(lagging.Intact, Is.True, lagging.ToText("trail"));
        Assert.That(extended.Intact, Is.True, extended.ToText("trail"));
        Assert.That(extended.Records, Is.EqualTo(5));
    }

    [Test]
    public void A_line_that_is_not_a_record_is_named()
    {
        Write(3);
        var lines = Lines();
        lines.Insert(1, "not json");
        Save(lines);

        var verdict = Verify();

        Assert.That(verdict.Break?.Line, Is.EqualTo(2));
        Assert.That(verdict.Break!.Found, Is.EqualTo("'not json'"));
    }

    [Test]
    public void The_json_verdict_names_the_break_for_scripts()
    {
        Write(4);
        Save(Lines().Where((_, i) => i != 2).ToList());

        using var json = System.Text.Json.JsonDocument.Parse(Verify().ToJson("trail"));

        var root = json.RootElement;
        Assert.That(root.GetProperty("intact").GetBoolean(), Is.False);
        Assert.That(root.GetProperty("records").GetInt32(), Is.EqualTo(3));
        Assert.That(root.GetProperty("break").GetProperty("line").GetInt32(), Is.EqualTo(3));
        Assert.That(root.GetProperty("break").GetProperty("expected").GetString(), Is.EqualTo("sequence 3"));
        Assert.That(root.GetProperty("anchor").GetProperty("sequence").GetInt64(), Is.EqualTo(4));
    }

    [Test]
    public async Task Concurrent_writers_each_with_their_own_trail_object_write_one_contiguous_chain()
    {
        var writers = Enumerable.Range(0, 4).Select(_ => new AuditTrail(Trail, "ci", "staging")).ToList();

        await Task.WhenAll(writers.Select((trail, w) => Task.Run(() =>
        {
            for (var i = 0; i < 25; i++)
                trail.Note("Parallel", null, "done", $"writer {w} note {i}");
        })));

        var verdict = Verify();
        Assert.That(verdict.Intact, Is.True, verdict.ToText("trail"));
        Assert.That(verdict.Records, Is.EqualTo(100));
    }

    [Test]
    public void Every_string_field_of_a_record_goes_through_the_secret_mask()
    {
        const string Secret = "sk-live-4f1c9a7e2b";
        var trail = new AuditTrail(Trail, "ci-" + Secret, "staging", SecretMask.Of(Secret), "host-" + Secret);

        trail.Record("Step/" + Secret, "release-" + Secret, "outcome-" + Secret, "message " + Secret,
            new Dictionary<string, string> { ["key-" + Secret] = "value " + Secret });
        trail.Note("Note", null, "done", "plain", host: "user@" + Secret);

        var text = File.ReadAllText(Trail);
        Assert.That(text, Does.Not.Contain(Secret));
        Assert.That(text, Does.Contain("\"actor\":\"ci-***\"").And.Contain("\"step\":\"Step/***\"").And.Contain("\"release\":\"release-***\"")
            .And.Contain("\"outcome\":\"outcome-***\"").And.Contain("\"host\":\"host-***\"").And.Contain("\"key-***\":\"value ***\"")
            .And.Contain("\"host\":\"user@***\""));
        Assert.That(Verify().Intact, Is.True);
    }

    private void Write(int count)
    {
        var trail = new AuditTrail(Trail, "ci", "staging");
        var start = File.Exists(Trail) ? File.ReadAllLines(Trail).Length : 0;
        for (var i = 1; i <= count; i++)
            trail.Note("Step", "1.0.0", "done", $"note {start + i}");
    }

    private AuditVerdict Verify() =>
        AuditChain.Verify(File.Exists(Trail) ? File.ReadAllBytes(Trail) : [], File.Exists(Anchor) ? File.ReadAllText(Anchor) : null);

    private List<string> Lines() => File.ReadAllLines(Trail).ToList();

    private void Save(List<string> lines) => File.WriteAllText(Trail, string.Concat(lines.Select(l => l + "\n")));
}
