using System.Text;

namespace Deploy.Recipes.Edge.Contract;

/// <summary>
/// The sticky split of a canary (<see cref="EdgeFiles.RolloutCookie"/>): a cookie value's bucket (0-99) from a stable
/// hash of its bytes (FNV-1a, the same in every process, so every edge of a fleet and a restarted edge agree), and
/// buckets below the canary's weight go to the canary. As the weight only grows, a customer once on the canary stays.
/// Compiled into the recipe too, so a test can tell in advance where a cookie lands.
/// </summary>
internal static class RolloutSplit
{
    public const int Buckets = 100;

    private const uint FnvOffset = 2166136261;
    private const uint FnvPrime = 16777619;

    /// <summary>The bucket (0-99) of a rollout cookie value.</summary>
    public static int BucketOf(ReadOnlySpan<char> cookieValue)
    {
        var hash = FnvOffset;
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in cookieValue.EnumerateRunes())
        {
            var length = rune.EncodeToUtf8(utf8);
            for (var i = 0; i < length; i++)
                hash = (hash ^ utf8[i]) * FnvPrime;
        }

        return (int)(hash % Buckets);
    }

    /// <summary>Whether a customer in <paramref name="bucket"/> goes to the canary while it carries <paramref name="canaryWeight"/>%.</summary>
    public static bool GoesToCanary(int bucket, int canaryWeight) => bucket < canaryWeight;

    /// <summary>A fresh random cookie value for a customer who has none.</summary>
    public static string NewValue() => Random.Shared.NextInt64().ToString("x16", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The Set-Cookie header value that gives a customer <paramref name="value"/>.</summary>
    public static string SetCookie(string value) => new StringBuilder(EdgeFiles.RolloutCookie).Append('=').Append(value)
        .Append("; Path=/; HttpOnly; SameSite=Lax").ToString();
}
