namespace Shop.Health;

public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/health/live", () => Results.Text("live\n"));

        routes.MapGet("/health/ready", async (ReadinessCheck readiness, CancellationToken cancellationToken) =>
        {
            var (ready, reason) = await readiness.CheckAsync(cancellationToken);
            return Results.Text($"{reason}\n", statusCode: ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });

        return routes;
    }
}
