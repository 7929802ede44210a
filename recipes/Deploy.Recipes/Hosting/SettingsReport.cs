namespace Deploy.Recipes.Hosting;

/// <summary>Every setting's effective value (secrets redacted) and where it came from; what the audit records as inputs.</summary>
public sealed record SettingsReport(IReadOnlyList<BoundSetting> Settings)
{
    /// <summary>The run's secret values, to hide in whatever the run produces (messages, results, tool output).</summary>
    public SecretMask Secrets { get; init; } = SecretMask.None;

    /// <summary>The settings as key/value pairs, secrets already redacted.</summary>
    public IReadOnlyDictionary<string, string> Redacted() =>
        Settings.ToDictionary(s => s.Setting.Key, s => s.Value, StringComparer.Ordinal);
}
