using System.Text;
using Microsoft.AspNetCore.Http;

namespace Deploy.Recipes.Edge.Routing;

/// <summary>The edge's own short answers to customers when no app can (bodies encoded once, not per request).</summary>
internal static class PlainAnswer
{
    private static readonly byte[] NoReleaseIsLive = Encoding.UTF8.GetBytes("no release is live\n");

    public static Task NoReleaseIsLiveAsync(HttpContext context) => WriteAsync(context, StatusCodes.Status503ServiceUnavailable, NoReleaseIsLive);

    public static Task SlotHasNoProcessAsync(HttpContext context, string slot) =>
        WriteAsync(context, StatusCodes.Status503ServiceUnavailable, Encoding.UTF8.GetBytes($"slot {slot} has no process\n"));

    private static Task WriteAsync(HttpContext context, int status, byte[] body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        context.Response.ContentLength = body.Length;
        return context.Response.Body.WriteAsync(body, 0, body.Length, context.RequestAborted);
    }
}
