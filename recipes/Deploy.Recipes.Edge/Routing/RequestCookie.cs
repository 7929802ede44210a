using Microsoft.Extensions.Primitives;

namespace Deploy.Recipes.Edge.Routing;

/// <summary>
/// Finds one cookie's value in the request's Cookie header without parsing the others: the request path reads a
/// cookie or two per request, and ASP.NET Core's cookie collection would allocate a dictionary of all of them.
/// </summary>
internal static class RequestCookie
{
    /// <summary>The value of cookie <paramref name="name"/> (quotes removed), or false when the request has none.</summary>
    public static bool TryFind(StringValues cookieHeaders, string name, out ReadOnlySpan<char> value)
    {
        for (var h = 0; h < cookieHeaders.Count; h++)
        {
            var rest = cookieHeaders[h].AsSpan();
            while (!rest.IsEmpty)
            {
                var end = rest.IndexOf(';');
                var pair = (end < 0 ? rest : rest[..end]).Trim();
                rest = end < 0 ? [] : rest[(end + 1)..];
                var equals = pair.IndexOf('=');
                if (equals <= 0 || !pair[..equals].TrimEnd().SequenceEqual(name))
                    continue;
                value = pair[(equals + 1)..].Trim();
                if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
                    value = value[1..^1];
                return true;
            }
        }

        value = default;
        return false;
    }
}
