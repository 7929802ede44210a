using System.Text.Json;

namespace Deploy.Recipes.Tests.Support;

/// <summary>
/// A Slack incoming webhook as its documentation describes it: POST JSON to <c>/services/T.../B.../...</c>; 200 with
/// the text <c>ok</c>; 400 <c>invalid_payload</c> for a body that is not JSON, <c>no_text</c> for one with neither text
/// nor blocks, <c>invalid_blocks</c> for blocks past Block Kit's limits (header text plain_text up to 150 characters,
/// section text up to 3,000, at most 10 fields of up to 2,000); 404 <c>no_service</c> for another path.
/// </summary>
internal sealed class LoopbackSlack() : LoopbackReceiver(Answer)
{
    public const string HookPath = "/services/T0000TEST/B0000TEST/XXXXXXXXXXXXXXXXXXXXXXXX";

    public Uri HookUrl => new(Url, HookPath);

    public IReadOnlyList<JsonElement> Messages => Requests.Where(r => r.Path == HookPath).Select(r => r.Json).ToList();

    private static ReceiverAnswer Answer(ReceivedRequest request)
    {
        if (request.Method != "POST" || request.Path != HookPath)
            return new ReceiverAnswer(404, "no_service");
        JsonElement body;
        try
        {
            body = request.Json;
        }
        catch (JsonException)
        {
            return new ReceiverAnswer(400, "invalid_payload");
        }

        var hasText = body.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String && text.GetString()!.Length > 0;
        var hasBlocks = body.TryGetProperty("blocks", out var blocks) && blocks.ValueKind == JsonValueKind.Array;
        if (!hasText && !hasBlocks)
            return new ReceiverAnswer(400, "no_text");
        if (hasBlocks && !blocks.EnumerateArray().All(BlockIsValid))
            return new ReceiverAnswer(400, "invalid_blocks");
        return new ReceiverAnswer(200, "ok");
    }

    private static bool BlockIsValid(JsonElement block) => block.GetProperty("type").GetString() switch
    {
        "header" => block.GetProperty("text") is var t && t.GetProperty("type").GetString() == "plain_text" && t.GetProperty("text").GetString()!.Length is > 0 and <= 150,
        "section" => (!block.TryGetProperty("text", out var text) || text.GetProperty("text").GetString()!.Length is > 0 and <= 3000)
                     && (!block.TryGetProperty("fields", out var fields) || (fields.GetArrayLength() <= 10 && fields.EnumerateArray().All(f => f.GetProperty("text").GetString()!.Length is > 0 and <= 2000))),
        "context" => block.GetProperty("elements").GetArrayLength() is > 0 and <= 10,
        "divider" => true,
        _ => false,
    };
}
