namespace Shop.Catalog;

public static class CatalogEndpoints
{
    public static IEndpointRouteBuilder MapCatalog(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/", async (HomePage page, CancellationToken cancellationToken) =>
            Results.Content(await page.RenderAsync(cancellationToken), "text/html; charset=utf-8"));

        routes.MapGet("/api/products", async (ProductCatalog catalog, CancellationToken cancellationToken) =>
            Results.Ok(await catalog.ListAsync(cancellationToken)));

        routes.MapGet("/api/products/{id:long}", async (long id, ProductCatalog catalog, CancellationToken cancellationToken) =>
            await catalog.FindAsync(id, cancellationToken) is { } product
                ? Results.Ok(product)
                : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Product not found", detail: $"There is no product {id}."));

        return routes;
    }
}
