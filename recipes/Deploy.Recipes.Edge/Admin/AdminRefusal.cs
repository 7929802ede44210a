namespace Deploy.Recipes.Edge.Admin;

/// <summary>An admin request the edge will not carry out: answered with <paramref name="statusCode"/> and an ApiError.</summary>
internal sealed class AdminRefusal(int statusCode, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;

    public static AdminRefusal BadRequest(string message) => new(400, message);

    public static AdminRefusal NotFound(string message) => new(404, message);

    public static AdminRefusal Conflict(string message) => new(409, message);
}
