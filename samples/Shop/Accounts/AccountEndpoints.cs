using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Shop.Accounts;

/// <summary>
/// A customer's sign-in, as small as it can be: a name in a cookie. It is what shows that sessions survive a release
/// switch (the cookie is protected with the environment's shared keys).
/// </summary>
public static class AccountEndpoints
{
    public static IServiceCollection AddAccounts(this IServiceCollection services)
    {
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(options => options.Cookie.Name = "shop-account");
        return services;
    }

    public static IEndpointRouteBuilder MapAccount(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/account/sign-in", async (HttpContext context, string name) =>
        {
            if (string.IsNullOrWhiteSpace(name))
                return Results.Problem("name is required", statusCode: StatusCodes.Status400BadRequest);
            var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, name)], CookieAuthenticationDefaults.AuthenticationScheme);
            await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
            return Results.Json(new { name });
        });

        // 401 without a challenge: an API answer, not a redirect to a sign-in page.
        routes.MapGet("/account/me", (HttpContext context) =>
            context.User.Identity is { IsAuthenticated: true, Name: { } name } ? Results.Json(new { name }) : Results.Unauthorized());
        return routes;
    }
}
