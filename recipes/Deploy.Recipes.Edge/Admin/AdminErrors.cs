using System.Text.Json;
using Deploy.Recipes.Edge.Contract;
using Deploy.Recipes.Edge.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Deploy.Recipes.Edge.Admin;

/// <summary>Turns refusals and unreadable bodies into the contract's error shape: a status code and an ApiError.</summary>
internal sealed class AdminErrors(RequestDelegate next, ILogger<AdminErrors> log)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (AdminRefusal refusal)
        {
            if (refusal.StatusCode >= 500)
                log.LogWarning("{Method} {Path} failed: {Message}", context.Request.Method, context.Request.Path, refusal.Message);
            await WriteAsync(context, refusal.StatusCode, refusal.Message);
        }
        catch (JsonException e)
        {
            await WriteAsync(context, StatusCodes.Status400BadRequest, $"the body is not valid JSON for this call: {e.Message}");
        }
        catch (BadHttpRequestException e)
        {
            await WriteAsync(context, e.StatusCode, e.Message);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Still the contract's shape, so the recipe can say what went wrong.
            log.LogWarning(e, "{Method} {Path} failed", context.Request.Method, context.Request.Path);
            await WriteAsync(context, StatusCodes.Status500InternalServerError, $"the edge failed: {e.Message}");
        }
    }

    private static async Task WriteAsync(HttpContext context, int status, string message)
    {
        if (context.Response.HasStarted)
            return;
        context.Response.Clear();
        await Results.Json(new ApiError(message), EdgeJson.Options, statusCode: status).ExecuteAsync(context);
    }
}
