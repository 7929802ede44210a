using Deploy.Recipes.Edge.Contract;
using Deploy.Recipes.Edge.Hosting;
using Deploy.Recipes.Edge.Slots;
using Microsoft.AspNetCore.Http;

namespace Deploy.Recipes.Edge.Routing;

/// <summary>
/// First middleware on the public port. A request with the admin token in <c>X-Deploy-Operator</c> and a slot in
/// <c>X-Deploy-Slot</c> is marked to go to that slot whatever its weight: how the recipe smoke-tests a release
/// before customers see it. The operator header is removed from every request, right token or wrong, so the token
/// never reaches an app. A wrong token leaves the request an ordinary customer request.
/// </summary>
internal sealed class OperatorRoute(RequestDelegate next, AdminToken token)
{
    public Task InvokeAsync(HttpContext context)
    {
        var headers = context.Request.Headers;
        if (!headers.TryGetValue(EdgeFiles.OperatorHeader, out var presented))
            return next(context);

        headers.Remove(EdgeFiles.OperatorHeader);
        if (presented.Count == 1 && token.Matches(presented[0]))
        {
            var slot = headers.TryGetValue(EdgeFiles.SlotHeader, out var named) && named.Count == 1 ? SlotNames.IndexOf(named[0]) : -1;
            if (slot >= 0)
                context.Features.Set(OperatorRequest.For(slot));
        }

        return next(context);
    }
}
