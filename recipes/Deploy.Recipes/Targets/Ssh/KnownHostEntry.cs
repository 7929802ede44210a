using System.Security.Cryptography;
using System.Text;

namespace Deploy.Recipes.Targets.Ssh;

/// <summary>
/// One line of an OpenSSH known-hosts file: <c>[@marker] patterns key-type base64-key [comment]</c>. Patterns are
/// comma-separated names (<c>web1</c>, <c>[10.0.0.5]:2222</c>) with <c>*</c>/<c>?</c> wildcards and <c>!</c> negation,
/// or one hashed name <c>|1|base64(salt)|base64(HMAC-SHA1(salt, name))</c> as <c>ssh-keygen -H</c> writes.
/// </summary>
/// <param name="Marker">Null, <c>@revoked</c> or <c>@cert-authority</c>.</param>
/// <param name="Patterns">The host patterns as written.</param>
/// <param name="KeyType">The key's algorithm name (<c>ssh-ed25519</c>, <c>ssh-rsa</c>, <c>ecdsa-sha2-nistp256</c>).</param>
/// <param name="Key">The public key blob.</param>
/// <param name="Line">The line number in the file (1-based), for messages.</param>
public sealed record KnownHostEntry(string? Marker, string Patterns, string KeyType, byte[] Key, int Line)
{
    /// <summary>The entries of a known-hosts file's text; comments, blank and unreadable lines are skipped (as OpenSSH does).</summary>
    public static IReadOnlyList<KnownHostEntry> ParseFile(string text)
    {
        var entries = new List<KnownHostEntry>();
        var number = 0;
        foreach (var raw in text.Split('\n'))
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
                continue;
            var fields = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            string? marker = null;
            if (fields[0].StartsWith('@'))
            {
                marker = fields[0];
                fields = fields[1..];
            }

            if (fields.Length < 3)
                continue;
            byte[] key;
            try
            {
                key = Convert.FromBase64String(fields[2]);
            }
            catch (FormatException)
            {
                continue;
            }

            entries.Add(new KnownHostEntry(marker, fields[0], fields[1], key, number));
        }

        return entries;
    }

    /// <summary>The line OpenSSH would write for <paramref name="name"/> (plain, not hashed).</summary>
    public static string LineFor(string name, string keyType, byte[] key) => $"{name} {keyType} {Convert.ToBase64String(key)}";

    /// <summary>True when this entry names <paramref name="knownHostsName"/> (<c>address</c> or <c>[address]:port</c>).</summary>
    public bool Matches(string knownHostsName)
    {
        if (Patterns.StartsWith("|1|", StringComparison.Ordinal))
            return HashedMatches(Patterns, knownHostsName);
        var matched = false;
        foreach (var pattern in Patterns.Split(','))
        {
            var negated = pattern.StartsWith('!');
            var body = negated ? pattern[1..] : pattern;
            if (!Wildcard(body.ToLowerInvariant(), knownHostsName.ToLowerInvariant()))
                continue;
            if (negated)
                return false; // a negated match wins over any other pattern on the line
            matched = true;
        }

        return matched;
    }

    private static bool HashedMatches(string hashed, string name)
    {
        var parts = hashed.Split('|');
        if (parts.Length != 4)
            return false;
        try
        {
            var salt = Convert.FromBase64String(parts[2]);
            var expected = Convert.FromBase64String(parts[3]);
            var actual = HMACSHA1.HashData(salt, Encoding.ASCII.GetBytes(name.ToLowerInvariant()));
            return CryptographicOperations.FixedTimeEquals(actual, expected);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    // OpenSSH's match_pattern: '*' any run, '?' any one character.
    private static bool Wildcard(string pattern, string text)
    {
        int p = 0, t = 0, star = -1, mark = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == text[t]))
            {
                p++;
                t++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = t;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++mark;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
            p++;
        return p == pattern.Length;
    }
}
