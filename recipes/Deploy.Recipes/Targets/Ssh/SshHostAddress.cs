using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Deploy.Recipes.Hosting;

namespace Deploy.Recipes.Targets.Ssh;

/// <summary>
/// One server of a fleet as the <c>hosts</c> setting names it: <c>user@address[:port]</c>, where the address is an
/// IPv4 address, a DNS name, or an IPv6 address in brackets (<c>deploy@[2001:db8::5]:2222</c>).
/// </summary>
/// <param name="User">The Unix user the recipe logs in as.</param>
/// <param name="Address">The host's address (IPv6 without brackets).</param>
/// <param name="Port">The SSH port (22 when not given).</param>
public sealed record SshHostAddress(string User, string Address, int Port)
{
    /// <summary>The valid form, for messages.</summary>
    public const string Form = "user@address[:port], e.g. deploy@10.0.0.5 or deploy@web1.example.com:2222 ([...] around an IPv6 address)";

    /// <summary>The SSH port when none is given.</summary>
    public const int DefaultPort = 22;

    /// <summary>The host's name in logs, Status and the audit: <c>user@address:port</c>.</summary>
    public string Name => $"{User}@{HostPart}:{Port}";

    /// <summary>How OpenSSH names this host in a known-hosts file: <c>address</c> on port 22, else <c>[address]:port</c>.</summary>
    public string KnownHostsName => Port == DefaultPort ? Address : $"[{Address}]:{Port}";

    /// <summary>True when the address is an IP address rather than a DNS name.</summary>
    public bool IsIpAddress => IPAddress.TryParse(Address, out _);

    private string HostPart => Address.Contains(':') ? $"[{Address}]" : Address;

    /// <inheritdoc />
    public override string ToString() => Name;

    /// <summary>Parses one host; throws <see cref="RecipeUsageException"/> naming the bad value and <see cref="Form"/>.</summary>
    public static SshHostAddress Parse(string text)
    {
        var value = text.Trim();
        var at = value.LastIndexOf('@');
        if (at < 0)
            throw Bad(text, "it names no user");
        var user = value[..at];
        var rest = value[(at + 1)..];
        if (!IsUser(user))
            throw Bad(text, user.Length == 0 ? "the user is empty" : $"'{user}' is not a Unix user name (letters, digits, '.', '_', '-'; not starting with '-')");

        string address;
        string? port = null;
        if (rest.StartsWith('['))
        {
            var close = rest.IndexOf(']');
            if (close < 0)
                throw Bad(text, "'[' has no matching ']'");
            address = rest[1..close];
            var after = rest[(close + 1)..];
            if (after.Length > 0)
            {
                if (!after.StartsWith(':'))
                    throw Bad(text, $"'{after}' after ']' is not ':<port>'");
                port = after[1..];
            }

            if (!IPAddress.TryParse(address, out var ip) || ip.AddressFamily != AddressFamily.InterNetworkV6)
                throw Bad(text, $"'{address}' in brackets is not an IPv6 address");
        }
        else
        {
            var colon = rest.IndexOf(':');
            if (colon >= 0 && rest.IndexOf(':', colon + 1) >= 0)
                throw Bad(text, "an IPv6 address must be written in brackets");
            address = colon < 0 ? rest : rest[..colon];
            port = colon < 0 ? null : rest[(colon + 1)..];
            if (address.Length == 0)
                throw Bad(text, "the address is empty");
            if (!IsIpv4(address) && !IsDnsName(address))
                throw Bad(text, $"'{address}' is neither an IPv4 address nor a DNS name");
        }

        var number = DefaultPort;
        if (port != null && (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out number) || number is < 1 or > 65535))
            throw Bad(text, $"port '{port}' is not a number from 1 to 65535");
        return new SshHostAddress(user, address, number);
    }

    /// <summary>Parses every host; the first bad one fails naming it. Two entries for the same host are refused too.</summary>
    public static IReadOnlyList<SshHostAddress> ParseAll(IEnumerable<string> hosts)
    {
        var parsed = hosts.Select(Parse).ToList();
        var twice = parsed.GroupBy(h => (h.Address.ToLowerInvariant(), h.Port)).FirstOrDefault(g => g.Count() > 1);
        if (twice != null)
            throw new RecipeUsageException(
                $"Setting 'hosts' names {twice.First().Address} port {twice.First().Port} twice ({string.Join(", ", twice.Select(h => h.Name))}): each server may appear once.");
        return parsed;
    }

    private static RecipeUsageException Bad(string text, string why) =>
        new($"Host '{text}' is not valid: {why}. Write each host as {Form}, separated by ';' (setting 'hosts' or the environment's Hosts).");

    private static bool IsUser(string user) =>
        user.Length is > 0 and <= 32 && user[0] != '-' && user.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

    private static bool IsIpv4(string address)
    {
        var parts = address.Split('.');
        return parts.Length == 4 && parts.All(p => p.Length is > 0 and <= 3 && p.All(char.IsAsciiDigit) && int.Parse(p, CultureInfo.InvariantCulture) <= 255);
    }

    // RFC 1123 host names; all-digit dotted names are IPv4 attempts and are judged as such above.
    private static bool IsDnsName(string name) =>
        name.Length <= 253
        && !name.Split('.').All(label => label.All(char.IsAsciiDigit))
        && name.Split('.').All(label =>
            label.Length is > 0 and <= 63 && label[0] != '-' && label[^1] != '-' && label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'));
}
