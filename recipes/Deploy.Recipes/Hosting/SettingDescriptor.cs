using System.ComponentModel;
using System.Reflection;
using System.Text;

namespace Deploy.Recipes.Hosting;

/// <summary>One bindable setting: a public read-write property of a settings class, with its spellings per layer.</summary>
public sealed class SettingDescriptor
{
    internal SettingDescriptor(PropertyInfo property, string section, string environmentPrefix)
    {
        Property = property;
        Key = ToKebab(property.Name);
        Section = section;
        EnvironmentVariable = environmentPrefix + Key.Replace('-', '_').ToUpperInvariant();
        Description = property.GetCustomAttribute<DescriptionAttribute>()?.Description ?? "";
        IsSecret = property.GetCustomAttribute<SecretAttribute>() != null;
        HasSecretValues = property.GetCustomAttribute<SecretValuesAttribute>() != null;
    }

    internal PropertyInfo Property { get; }

    /// <summary>The argument and <c>cake.config</c> key, for example <c>app-version</c>.</summary>
    public string Key { get; }

    /// <summary>The <c>cake.config</c> section, for example <c>Deploy</c>.</summary>
    public string Section { get; }

    /// <summary>The environment variable, for example <c>DEPLOY_APP_VERSION</c>.</summary>
    public string EnvironmentVariable { get; }

    /// <summary>What the setting controls.</summary>
    public string Description { get; }

    /// <summary>True when the value must be redacted wherever it is shown.</summary>
    public bool IsSecret { get; }

    /// <summary>True for <c>KEY=VALUE</c> lists whose values are shown as <c>***</c>.</summary>
    public bool HasSecretValues { get; }

    /// <summary>Shows a value of this setting, redacted when the setting is secret.</summary>
    public string Display(object? value)
    {
        if (IsSecret && value is not null && !Equals(value, ""))
            return "***";
        if (HasSecretValues && value is IEnumerable<string> items)
            return string.Join(";", items.Select(item => item.Split('=', 2)[0] + "=***"));
        return Format(value);
    }

    internal static string Format(object? value) => value switch
    {
        null => "",
        string s => s,
        bool b => b ? "true" : "false",
        Enum e => ToKebab(e.ToString()),
        TimeSpan t => t.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) + "s",
        System.Collections.IEnumerable items => string.Join(";", items.Cast<object>()),
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    internal static string ToKebab(string name)
    {
        var text = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0 && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]))))
                text.Append('-');
            text.Append(char.ToLowerInvariant(name[i]));
        }

        return text.ToString();
    }
}
