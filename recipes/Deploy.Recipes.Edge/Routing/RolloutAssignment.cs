using Deploy.Recipes.Edge.Contract;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace Deploy.Recipes.Edge.Routing;

/// <summary>
/// Request feature set when a customer without a rollout cookie was assigned during a canary: the value their bucket
/// came from, given back as a cookie on the response so their next requests land on the same release.
/// </summary>
internal sealed class RolloutAssignment(string value)
{
    public string Value { get; } = value;

    /// <summary>Response transform: the Set-Cookie for a customer assigned on this request.</summary>
    public static void AddCookieTransform(TransformBuilderContext builder) => builder.AddResponseTransform(static transform =>
    {
        if (transform.HttpContext.Features.Get<RolloutAssignment>() is { } assigned)
            transform.HttpContext.Response.Headers.Append(Microsoft.Net.Http.Headers.HeaderNames.SetCookie, RolloutSplit.SetCookie(assigned.Value));
        return ValueTask.CompletedTask;
    });
}
