using Microsoft.AspNetCore.Http;

namespace Deploy.Recipes.Edge.Routing;

/// <summary>
/// In maintenance, customers get 503 with Retry-After and the HTML message. Health checks (<c>/health/...</c>) and
/// operator requests still reach the apps, so the recipe can verify a release while customers wait.
/// </summary>
internal sealed class MaintenanceGate(RequestDelegate next, MaintenanceMode maintenance)
{
    public Task InvokeAsync(HttpContext context)
    {
        var page = maintenance.ActivePage;
        if (page == null
            || context.Features.Get<OperatorRequest>() != null
            || context.Request.Path.Value?.StartsWith("/health/", StringComparison.OrdinalIgnoreCase) == true)
            return next(context);

        var response = context.Response;
        response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        response.Headers.RetryAfter = page.RetryAfter;
        response.Headers.CacheControl = "no-store";
        response.ContentType = "text/html; charset=utf-8";
        response.ContentLength = page.Body.Length;
        return response.Body.WriteAsync(page.Body, 0, page.Body.Length, context.RequestAborted);
    }
}
