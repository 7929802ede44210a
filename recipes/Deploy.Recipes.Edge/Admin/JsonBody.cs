using System.Text.Json;
using Deploy.Recipes.Edge.Hosting;
using Microsoft.AspNetCore.Http;

namespace Deploy.Recipes.Edge.Admin;

/// <summary>Reads an admin request body whatever its content type; an empty or malformed body is a 400 (see <see cref="AdminErrors"/>).</summary>
internal static class JsonBody
{
    public static async Task<T?> ReadAsync<T>(HttpContext context) where T : class =>
        await JsonSerializer.DeserializeAsync<T>(context.Request.Body, EdgeJson.Options, context.RequestAborted);
}
