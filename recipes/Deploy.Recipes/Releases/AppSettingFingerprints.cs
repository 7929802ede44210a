using System.Security.Cryptography;
using System.Text;

namespace Deploy.Recipes.Releases;

/// <summary>
/// What the release history keeps of a release's app settings so that the next release can tell which keys changed:
/// each key with a salted, slow fingerprint of its value (PBKDF2-SHA256, a random salt per release). A plain hash of a
/// value would let anyone holding the history test guesses at the speed of SHA-256 and recognise the same value across
/// releases and environments; the per-release salt stops both the comparison across records and precomputed tables, and
/// the iteration count makes each guess cost what a login's does. The fingerprints stay in the history
/// (<c>releases.json</c>, beside the releases on each host); what leaves it (the audit, reports, notifications) is key
/// names only.
/// </summary>
/// <param name="Salt">The release's random salt, hex.</param>
/// <param name="Keys">Each app-setting key with its value's fingerprint (hex).</param>
public sealed record AppSettingFingerprints(string Salt, IReadOnlyDictionary<string, string> Keys)
{
    /// <summary>PBKDF2 iterations per value: a few milliseconds each here, a guess costs the same.</summary>
    public const int Iterations = 20_000;

    /// <summary>The fingerprints of <paramref name="appSettings"/> (<c>KEY=VALUE</c> items, values as configured) with a new random salt.</summary>
    public static AppSettingFingerprints Of(IEnumerable<string> appSettings) => Of(appSettings, RandomNumberGenerator.GetBytes(16));

    /// <summary>The fingerprints of <paramref name="appSettings"/> with <paramref name="salt"/>.</summary>
    public static AppSettingFingerprints Of(IEnumerable<string> appSettings, byte[] salt)
    {
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in Parse(appSettings))
            keys[key] = Fingerprint(key, value, salt);
        return new AppSettingFingerprints(Convert.ToHexStringLower(salt), keys);
    }

    /// <summary>
    /// The keys <paramref name="appSettings"/> adds, removes and changes against these fingerprints (each list ordinal
    /// order). A value is compared by fingerprinting it with this record's salt; it is never stored or returned.
    /// </summary>
    public (IReadOnlyList<string> Added, IReadOnlyList<string> Removed, IReadOnlyList<string> Changed) Compare(IEnumerable<string> appSettings)
    {
        var salt = Convert.FromHexString(Salt);
        var now = Parse(appSettings);
        var added = now.Keys.Where(k => !Keys.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
        var removed = Keys.Keys.Where(k => !now.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
        var changed = now.Where(p => Keys.TryGetValue(p.Key, out var before) && before != Fingerprint(p.Key, p.Value, salt))
            .Select(p => p.Key).Order(StringComparer.Ordinal).ToList();
        return (added, removed, changed);
    }

    /// <summary>The keys of <paramref name="appSettings"/> in ordinal order (what a first release "adds").</summary>
    public static IReadOnlyList<string> KeysOf(IEnumerable<string> appSettings) => Parse(appSettings).Keys.Order(StringComparer.Ordinal).ToList();

    // The last item of a key wins, as the app's environment sees it.
    private static Dictionary<string, string> Parse(IEnumerable<string> appSettings)
    {
        var parsed = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in appSettings)
        {
            var pair = item.Split('=', 2);
            if (pair.Length == 2 && pair[0].Trim().Length > 0)
                parsed[pair[0].Trim()] = pair[1];
        }

        return parsed;
    }

    // The key is part of the input: the same value under two keys gives two fingerprints.
    private static string Fingerprint(string key, string value, byte[] salt) =>
        Convert.ToHexStringLower(Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(key + "\0" + value), salt, Iterations, HashAlgorithmName.SHA256, 16));
}
