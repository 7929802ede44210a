using System.Text;

namespace Deploy.Recipes.Containers;

public static partial class RegistryDigest
{
    /// <summary>
    /// A registry's <c>WWW-Authenticate</c> challenge: its scheme and parameters, e.g. <c>Bearer
    /// realm="https://auth.example.com/token",service="registry",scope="repository:shop:pull"</c>.
    /// </summary>
    /// <param name="Scheme">Basic or Bearer.</param>
    /// <param name="Parameters">Its parameters by lower-case name (realm, service, scope, ...).</param>
    public sealed record Challenge(string Scheme, IReadOnlyDictionary<string, string> Parameters)
    {
        /// <summary>Parses one challenge; null when the header holds none. Quoted values may hold commas and escaped quotes.</summary>
        public static Challenge? Parse(string header)
        {
            var text = header.Trim();
            var space = text.IndexOf(' ');
            var scheme = space < 0 ? text : text[..space];
            if (scheme.Length == 0)
                return null;
            var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var i = space < 0 ? text.Length : space + 1;
            while (i < text.Length)
            {
                while (i < text.Length && text[i] is ' ' or ',')
                    i++;
                var equals = text.IndexOf('=', i);
                if (equals < 0)
                    break;
                var name = text[i..equals].Trim().ToLowerInvariant();
                i = equals + 1;
                var value = new StringBuilder();
                if (i < text.Length && text[i] == '"')
                {
                    for (i++; i < text.Length && text[i] != '"'; i++)
                        value.Append(text[i] == '\\' && i + 1 < text.Length ? text[++i] : text[i]);
                    i++;
                }
                else
                {
                    for (; i < text.Length && text[i] != ','; i++)
                        value.Append(text[i]);
                }
                parameters[name] = value.ToString().Trim();
            }
            return new Challenge(scheme, parameters);
        }

        /// <summary>The token request: the realm with the challenge's <c>service</c> and <c>scope</c> as query parameters.</summary>
        public Uri TokenUri()
        {
            if (!Parameters.TryGetValue("realm", out var realm) || !Uri.TryCreate(realm, UriKind.Absolute, out var uri))
                throw new InvalidOperationException("Registry: its Bearer challenge names no token service (realm).");
            var query = new[] { "service", "scope" }
                .Where(Parameters.ContainsKey)
                .Select(name => $"{name}={Uri.EscapeDataString(Parameters[name])}");
            var builder = new UriBuilder(uri);
            builder.Query = string.Join('&', new[] { builder.Query.TrimStart('?') }.Where(q => q.Length > 0).Concat(query));
            return builder.Uri;
        }
    }
}
