using Microsoft.FeatureManagement;
using Shop.Catalog;

namespace Shop.Features;

/// <summary>
/// The feature behind the <see cref="Flag"/> flag: a "recommended for you" block of products. Every answer says in
/// <see cref="Header"/> whether the flag was on for that request's user, so a rollout can be measured from outside.
/// </summary>
public static class Recommendations
{
    /// <summary>The flag's name in the flags file.</summary>
    public const string Flag = "Recommendations";

    /// <summary>The response header that says <c>on</c> or <c>off</c>.</summary>
    public const string Header = "X-Feature-Recommendations";

    /// <summary>How many products are recommended.</summary>
    public const int Count = 3;

    public static IEndpointRouteBuilder MapRecommendations(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/recommendations", async (HttpContext http, IVariantFeatureManager features, ProductListCache products, ShopSettings settings, CancellationToken cancellationToken) =>
        {
            var on = await features.IsEnabledAsync(Flag, cancellationToken);
            http.Response.Headers[Header] = on ? "on" : "off";
            if (!on)
                return Results.Ok(Array.Empty<Product>());
            // Shop:FlaggedFeatureFails: the new feature is broken, so only the users it is on for see errors.
            if (settings.FlaggedFeatureFails)
                return Results.Problem(statusCode: StatusCodes.Status500InternalServerError, title: "Recommendations failed",
                    detail: "the recommendations feature is broken in this release (Shop:FlaggedFeatureFails)");
            var list = await products.GetAsync(cancellationToken);
            return Results.Ok(list.OrderBy(p => p.Price).Take(Count).ToList());
        });
        return routes;
    }
}
