namespace Shop.Faults;

/// <summary>
/// A release that degrades after it has served for a while (Shop:FailAfterSeconds): from then on every customer
/// request is answered 500, while /health/* still answers, the way a leak or an expiring credential looks from outside.
/// It exists so the recipe's post-promotion watch can be shown catching what a check at the switch cannot.
/// </summary>
public static class LateFailure
{
    public static void UseLateFailure(this WebApplication app, TimeSpan? after, TimeProvider time)
    {
        if (after is not { } delay)
            return;
        var failFrom = time.GetUtcNow() + delay;
        app.Use((context, next) =>
        {
            if (time.GetUtcNow() < failFrom || context.Request.Path.StartsWithSegments("/health"))
                return next(context);
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            return context.Response.WriteAsync("this release has degraded (Shop:FailAfterSeconds)\n");
        });
    }
}
