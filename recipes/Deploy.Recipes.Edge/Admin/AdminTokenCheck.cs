using Deploy.Recipes.Edge.Contract;
using Deploy.Recipes.Edge.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Deploy.Recipes.Edge.Admin;

/// <summary>Every admin request needs <c>Authorization: Bearer &lt;token&gt;</c>; anything else gets 401 before any endpoint runs.</summary>
internal sealed class AdminTokenCheck(RequestDelegate next, AdminToken token)
{
    private const string Scheme = "Bearer ";

    public Task InvokeAsync(HttpContext context)
    {
        var authorization = context.Request.Headers.Authorization;
        if (authorization.Count == 1
            && authorization[0] is { } value
            && value.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase)
            && token.Matches(value.AsSpan(Scheme.Length).Trim()))
            return next(context);

        context.Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer";
        return Results.Json(new ApiError("missing or wrong admin token (Authorization: Bearer <token from edge.token>)"), EdgeJson.Options,
            statusCode: StatusCodes.Status401Unauthorized).ExecuteAsync(context);
    }
}
