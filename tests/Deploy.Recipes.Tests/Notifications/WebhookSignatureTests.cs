using System.Text;
using Deploy.Recipes.Notifications;
using Deploy.Recipes.Tests.Support;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Notifications;

/// <summary>The generic webhook's signatures, checked against the published test vectors and the test's own HMAC code.</summary>
public sealed class WebhookSignatureTests
{
    [Test]
    public void The_hub_signature_matches_githubs_documented_example()
    {
        // GitHub's "Validating webhook deliveries" example: secret, payload and the signature it gives.
        var signature = WebhookSignature.Hub("It's a Secret to Everybody", Encoding.UTF8.GetBytes("Hello, World!"));

        Assert.That(signature, Is.EqualTo("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"));
    }

    [Test]
    public void The_standard_webhooks_signature_matches_the_specifications_test_vector()
    {
        // The Standard Webhooks reference libraries' test vector (a whsec_ secret: the key is its base64 part).
        var signature = WebhookSignature.Standard("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330,
            Encoding.UTF8.GetBytes("""{"test": 2432232314}"""));

        Assert.That(signature, Is.EqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="));
    }

    [TestCase("plain-text-secret")]
    [TestCase("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")]
    public void The_headers_of_a_delivery_verify_with_the_receivers_own_code(string secret)
    {
        var body = WebhookPayload.Body(SampleEvents.Of(ReleaseEventKind.Started));
        var headers = WebhookNotifier.Headers("msg_abc", 1764244800, body, secret)
            .ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value);
        var delivery = new ReceivedRequest("POST", "/hooks", "", headers, body, DateTimeOffset.UtcNow);

        Assert.That(LoopbackWebhook.SignatureProblem(secret, delivery), Is.Null);
        Assert.That(LoopbackWebhook.SignatureProblem(secret + "x", delivery), Is.Not.Null, "a wrong secret must not verify");
        Assert.That(headers["webhook-id"], Is.EqualTo("msg_abc"));
        Assert.That(headers["webhook-timestamp"], Is.EqualTo("1764244800"));
    }

    [Test]
    public void A_changed_body_does_not_verify()
    {
        var body = WebhookPayload.Body(SampleEvents.Of(ReleaseEventKind.Started));
        var headers = WebhookNotifier.Headers("msg_abc", 1764244800, body, "s3cret-value").ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value);
        var tampered = new ReceivedRequest("POST", "/hooks", "", headers, [.. body, (byte)' '], DateTimeOffset.UtcNow);

        Assert.That(LoopbackWebhook.SignatureProblem("s3cret-value", tampered), Does.StartWith("X-Hub-Signature-256"));
    }

    [Test]
    public void Without_a_secret_a_delivery_carries_its_id_and_timestamp_but_no_signature()
    {
        var headers = WebhookNotifier.Headers("msg_abc", 1, [], "").Select(h => h.Key).ToList();

        Assert.That(headers, Is.EqualTo(new[] { "webhook-id", "webhook-timestamp" }));
    }
}
