using System.Text.Json;
using System.Text.Json.Nodes;
using Deploy.Recipes.Notifications;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Notifications;

/// <summary>What Slack, Teams and the generic webhook are sent for an event: their documented shapes, with what changed.</summary>
public sealed class ChannelPayloadTests
{
    [Test]
    public void Slack_gets_a_header_a_section_with_fields_and_a_context_line_plus_a_text_fallback()
    {
        var message = SlackMessage.For(SampleEvents.Of(ReleaseEventKind.Succeeded));

        var blocks = message["blocks"]!.AsArray();
        Assert.That(blocks.Select(b => (string?)b!["type"]), Is.EqualTo(new[] { "header", "section", "context" }));
        Assert.That((string?)blocks[0]!["text"]!["type"], Is.EqualTo("plain_text"));
        Assert.That((string?)blocks[0]!["text"]!["text"], Does.Contain("Release 2.0.0 is live in production"));
        var fields = blocks[1]!["fields"]!.AsArray().Select(f => (string)f!["text"]!).ToList();
        Assert.That(fields, Has.Some.StartsWith("*Environment*\nproduction"));
        Assert.That(fields, Has.Some.StartsWith("*Release*\n2.0.0 (2.0.0-bbbb)"));
        Assert.That(fields, Has.Some.StartsWith("*By*\nann"));
        Assert.That(fields, Has.Some.EqualTo("*Commits*\n3 commits by Ann Author, Bob Builder\nfirst: 1111112 Bump deps\nlast: 2222222 Fix checkout"));
        Assert.That(fields, Has.Some.EqualTo("*Migrations pending*\n20261101 AddBasket"));
        Assert.That(fields, Has.Some.EqualTo("*App settings*\nadded Shop__Basket; removed Shop__Legacy; changed Payment__LatencyMs"));
        Assert.That(fields, Has.Count.LessThanOrEqualTo(SlackMessage.FieldLimit));
        Assert.That((string?)blocks[2]!["elements"]![0]!["text"], Does.Contain("<https://github.com/octo/shop/actions/runs/42|CI run>"));
        Assert.That((string?)message["text"], Does.StartWith("Release 2.0.0 is live in production: ").And.Contain("Commits: 3 commits"));
    }

    [Test]
    public void Slack_text_escapes_its_control_characters_and_keeps_the_header_within_its_limit()
    {
        var e = SampleEvents.Of(ReleaseEventKind.Failed, reason: "p99 <2 s> & more") with { Version = new string('9', 200) };

        var message = SlackMessage.For(e);

        Assert.That(((string)message["blocks"]![0]!["text"]!["text"]!).Length, Is.LessThanOrEqualTo(SlackMessage.HeaderLimit));
        var fields = message["blocks"]![1]!["fields"]!.AsArray().Select(f => (string)f!["text"]!);
        Assert.That(fields, Has.Some.EqualTo("*Why*\np99 &lt;2 s&gt; &amp; more"));
    }

    [Test]
    public void Teams_gets_a_message_with_one_adaptive_card_1_4_attachment()
    {
        var message = TeamsCard.For(SampleEvents.Of(ReleaseEventKind.Failed, reason: "5xx rate 40% over 1%"));

        Assert.That((string?)message["type"], Is.EqualTo("message"));
        var attachment = message["attachments"]!.AsArray().Single()!;
        Assert.That((string?)attachment["contentType"], Is.EqualTo("application/vnd.microsoft.card.adaptive"));
        var card = attachment["content"]!;
        Assert.That((string?)card["type"], Is.EqualTo("AdaptiveCard"));
        Assert.That((string?)card["version"], Is.EqualTo("1.4"));
        Assert.That((string?)card["body"]![0]!["text"], Is.EqualTo("Release 2.0.0 failed in production"));
        Assert.That((string?)card["body"]![0]!["color"], Is.EqualTo("Attention"));
        var facts = card["body"]![2]!["facts"]!.AsArray().ToDictionary(f => (string)f!["title"]!, f => (string)f!["value"]!);
        Assert.That(facts["Environment"], Is.EqualTo("production"));
        Assert.That(facts["Why"], Is.EqualTo("5xx rate 40% over 1%"));
        Assert.That(facts["Commits"], Does.StartWith("3 commits by Ann Author, Bob Builder"));
        Assert.That(card["actions"]!.AsArray().Select(a => (string?)a!["url"]), Does.Contain("https://github.com/octo/shop/actions/runs/42"));
    }

    [Test]
    public void The_webhook_body_names_the_event_release_actor_time_reason_changes_and_urls()
    {
        using var body = JsonDocument.Parse(WebhookPayload.Body(SampleEvents.Of(ReleaseEventKind.SwitchedBack, reason: "5xx rate")));
        var root = body.RootElement;

        Assert.That(root.GetProperty("event").GetString(), Is.EqualTo("switched-back"));
        Assert.That(root.GetProperty("environment").GetString(), Is.EqualTo("production"));
        Assert.That(root.GetProperty("release").GetString(), Is.EqualTo("2.0.0-bbbb"));
        Assert.That(root.GetProperty("version").GetString(), Is.EqualTo("2.0.0"));
        Assert.That(root.GetProperty("previous").GetString(), Is.EqualTo("1.0.0-aaaa"));
        Assert.That(root.GetProperty("actor").GetString(), Is.EqualTo("ann"));
        Assert.That(root.GetProperty("time").GetString(), Is.EqualTo("2026-11-27T12:00:00.000Z"));
        Assert.That(root.GetProperty("reason").GetString(), Is.EqualTo("5xx rate"));
        Assert.That(root.GetProperty("summary").GetString(), Is.EqualTo("Release 2.0.0 switched-back in production."));
        Assert.That(root.GetProperty("changes").GetProperty("commits").GetProperty("count").GetInt32(), Is.EqualTo(3));
        Assert.That(root.GetProperty("changes").GetProperty("settingsChanged")[0].GetString(), Is.EqualTo("Payment__LatencyMs"));
        Assert.That(root.GetProperty("urls").GetProperty("log").GetString(), Is.EqualTo("https://github.com/octo/shop/actions/runs/42"));
    }

    [Test]
    public void A_webhook_message_id_is_the_same_for_one_event_and_differs_between_events()
    {
        var started = SampleEvents.Of(ReleaseEventKind.Started);

        Assert.That(WebhookPayload.MessageId(started), Is.EqualTo(WebhookPayload.MessageId(started with { })));
        Assert.That(WebhookPayload.MessageId(started), Does.Match("^msg_[0-9a-f]{32}$"));
        Assert.That(WebhookPayload.MessageId(started), Is.Not.EqualTo(WebhookPayload.MessageId(SampleEvents.Of(ReleaseEventKind.Succeeded))));
        Assert.That(WebhookPayload.MessageId(started), Is.Not.EqualTo(WebhookPayload.MessageId(started with { TimeUtc = started.TimeUtc.AddSeconds(1) })));
    }

    [Test]
    public void Without_what_changed_the_payloads_say_nothing_about_it()
    {
        var e = SampleEvents.Of(ReleaseEventKind.Started) with { Changes = null };

        Assert.That(SlackMessage.For(e).ToJsonString(), Does.Not.Contain("Commits"));
        Assert.That(WebhookPayload.For(e)["changes"], Is.Null);
    }
}
