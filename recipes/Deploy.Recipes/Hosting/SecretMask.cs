using Deploy.Recipes.Database.Postgres;

namespace Deploy.Recipes.Hosting;

/// <summary>
/// Hides the run's secret values in any text before it reaches a log line, an audit record or an error message:
/// every value of a <see cref="SecretAttribute"/> setting, the values of <see cref="SecretValuesAttribute"/>
/// <c>KEY=VALUE</c> lists, and password pairs and URI passwords wherever they appear (a failure message quoting a
/// connection string the recipe never saw whole, say). Inputs are redacted when they are bound; this covers what the
/// run produces afterwards: exception messages, step results, tool output.
/// </summary>
public sealed class SecretMask
{
    // Values this short or this plain (true, 1000) would mask ordinary words and numbers all over the output while
    // protecting nothing: no credential looks like them.
    private const int ShortestMaskedValue = 4;

    private readonly string[] _values;

    private SecretMask(IEnumerable<string> values) =>
        _values = values.Where(IsWorthMasking).Distinct(StringComparer.Ordinal).OrderByDescending(v => v.Length).ToArray();

    /// <summary>A mask with no known values (it still hides password pairs and URI passwords).</summary>
    public static SecretMask None { get; } = new([]);

    /// <summary>How many secret values the mask knows (for diagnostics; never the values).</summary>
    public int Count => _values.Length;

    /// <summary>The mask for the secret settings among <paramref name="settings"/>, given with their effective values.</summary>
    public static SecretMask Of(IEnumerable<(SettingDescriptor Setting, object? Value)> settings) =>
        new(settings.SelectMany(s => SecretsOf(s.Setting, s.Value)));

    /// <summary>A mask for the given secret values.</summary>
    public static SecretMask Of(params string?[] values) => new(values.OfType<string>());

    /// <summary><paramref name="text"/> with every secret replaced by <c>***</c>.</summary>
    public string Apply(string? text) => SecretRedactor.Redact(text, _values);

    private static IEnumerable<string> SecretsOf(SettingDescriptor setting, object? value)
    {
        if (setting.IsSecret && value is string text)
        {
            yield return text;
            // A connection string's parts also appear alone in driver errors ("password authentication failed for ...").
            foreach (var part in text.Split(';'))
                if (part.Split('=', 2) is [var key, var secret] && key.Trim().ToLowerInvariant() is "password" or "pwd")
                    yield return secret.Trim();
        }

        if (setting.HasSecretValues && value is IEnumerable<string> items)
            foreach (var item in items)
                if (item.Split('=', 2) is [_, var itemValue])
                    yield return itemValue;
    }

    private static bool IsWorthMasking(string value) =>
        value.Length >= ShortestMaskedValue
        && !bool.TryParse(value, out _)
        && !double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _);
}
