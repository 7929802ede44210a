using System.Text.Json;

namespace Deploy.Recipes.Tests.Support;

/// <summary>
/// A Microsoft Teams workflow webhook ("When a Teams webhook request is received") as documented: POST a
/// <c>message</c> whose attachments are Adaptive Cards (content type <c>application/vnd.microsoft.card.adaptive</c>,
/// content of type AdaptiveCard with a version); answers 202 Accepted with no body, 400 otherwise.
/// </summary>
internal sealed class LoopbackTeams() : LoopbackReceiver(Answer)
{
    public const string HookPath = "/workflows/a1b2c3/triggers/manual/paths/invoke";

    public Uri HookUrl => new(Url, HookPath + "?api-version=2016-06-01&sig=test-signature");

    public IReadOnlyList<JsonElement> Messages => Requests.Where(r => r.Path == HookPath).Select(r => r.Json).ToList();

    private static ReceiverAnswer Answer(ReceivedRequest request)
    {
        if (request.Method != "POST" || request.Path != HookPath)
            return new ReceiverAnswer(404, """{"error":{"code":"TriggerNotFound"}}""", "application/json");
        try
        {
            var body = request.Json;
            var cards = body.GetProperty("attachments").EnumerateArray().ToList();
            var valid = body.GetProperty("type").GetString() == "message" && cards.Count > 0 && cards.All(a =>
                a.GetProperty("contentType").GetString() == "application/vnd.microsoft.card.adaptive"
                && a.GetProperty("content").GetProperty("type").GetString() == "AdaptiveCard"
                && a.GetProperty("content").GetProperty("version").GetString() is { Length: > 0 }
                && a.GetProperty("content").GetProperty("body").GetArrayLength() > 0);
            return valid ? new ReceiverAnswer(202) : new ReceiverAnswer(400, """{"error":{"code":"InvalidRequestContent"}}""", "application/json");
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return new ReceiverAnswer(400, """{"error":{"code":"InvalidRequestContent"}}""", "application/json");
        }
    }
}
