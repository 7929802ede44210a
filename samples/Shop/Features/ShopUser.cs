using Microsoft.FeatureManagement.FeatureFilters;

namespace Shop.Features;

/// <summary>
/// Who a request is for, as feature targeting sees it: the <c>X-Shop-User</c> header, else the <c>shop_user</c> cookie.
/// A request that names no user is anonymous: only a flag that is on for everyone (100%) reaches it.
/// </summary>
public sealed class ShopUser(IHttpContextAccessor http) : ITargetingContextAccessor
{
    /// <summary>The request header that names the user (what load tests and API clients send).</summary>
    public const string Header = "X-Shop-User";

    /// <summary>The cookie that names the user (what a browser sends).</summary>
    public const string Cookie = "shop_user";

    /// <inheritdoc />
    public ValueTask<TargetingContext> GetContextAsync()
    {
        var request = http.HttpContext?.Request;
        var user = request?.Headers[Header].FirstOrDefault() is { Length: > 0 } header ? header
            : request?.Cookies[Cookie] is { Length: > 0 } cookie ? cookie
            : null;
        return ValueTask.FromResult(new TargetingContext { UserId = user, Groups = [] });
    }
}
