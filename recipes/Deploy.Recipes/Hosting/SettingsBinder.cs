using System.Globalization;
using System.Reflection;

namespace Deploy.Recipes.Hosting;

/// <summary>The value a setting ended with, and which layer gave it.</summary>
public sealed record BoundSetting(SettingDescriptor Setting, string Value, string Source);

/// <summary>
/// Applies overrides to a settings object that Program.cs filled in: <c>cake.config</c>, then environment variables,
/// then arguments, each layer winning over the ones before. A value that does not convert stops the run with an
/// error naming the setting, the layer, the bad value and what would be valid.
/// </summary>
internal static class SettingsBinder
{
    public static IReadOnlyList<SettingDescriptor> Describe(Type settingsType, string section, string environmentPrefix) =>
        settingsType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p is { CanRead: true, CanWrite: true } && IsSupported(p.PropertyType))
            .Select(p => new SettingDescriptor(p, section, environmentPrefix))
            .ToList();

    public static IReadOnlyList<BoundSetting> Bind(object settings, IReadOnlyList<SettingDescriptor> descriptors, SettingLayers layers)
    {
        var bound = new List<BoundSetting>();
        foreach (var setting in descriptors)
        {
            var source = "Program.cs";
            var fromConfig = layers.Configuration.GetValue($"{setting.Section}_{setting.Key}");
            if (!string.IsNullOrEmpty(fromConfig))
                Apply(settings, setting, fromConfig, source = $"cake.config [{setting.Section}] {setting.Key}");

            var fromEnvironment = layers.EnvironmentVariable(setting.EnvironmentVariable);
            if (!string.IsNullOrEmpty(fromEnvironment))
                Apply(settings, setting, fromEnvironment, source = $"environment variable {setting.EnvironmentVariable}");

            var fromArguments = layers.Arguments[setting.Key].LastOrDefault();
            if (fromArguments != null)
                Apply(settings, setting, fromArguments, source = $"--{setting.Key}");

            bound.Add(new BoundSetting(setting, setting.Display(setting.Property.GetValue(settings)), source));
        }

        return bound;
    }

    private static void Apply(object settings, SettingDescriptor setting, string text, string source)
    {
        try
        {
            setting.Property.SetValue(settings, Convert(text.Trim(), setting.Property.PropertyType));
        }
        catch (FormatException expected)
        {
            var shown = setting.IsSecret ? "(secret value hidden)" : $"'{text}'";
            throw new RecipeUsageException($"Setting '{setting.Key}' from {source}: {shown} is not valid; {expected.Message}");
        }
    }

    private static bool IsSupported(Type type) =>
        type == typeof(string) || type == typeof(bool) || type == typeof(int) || type == typeof(double) ||
        type == typeof(TimeSpan) || type.IsEnum || IsList(type);

    private static bool IsList(Type type) =>
        type == typeof(string[]) || type.IsAssignableFrom(typeof(List<string>)) && type != typeof(object) && type != typeof(string);

    private static object Convert(string text, Type type)
    {
        if (type == typeof(string))
            return text;
        if (type == typeof(bool))
            return bool.TryParse(text, out var flag) ? flag : throw new FormatException("expected true or false.");
        if (type == typeof(int))
            return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number)
                ? number
                : throw new FormatException("expected a whole number such as 5.");
        if (type == typeof(double))
            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real)
                ? real
                : throw new FormatException("expected a number such as 0.5.");
        if (type == typeof(TimeSpan))
            return ParseDuration(text);
        if (type.IsEnum)
            return ParseEnum(text, type);
        var items = text.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return type == typeof(string[]) ? items : items.ToList();
    }

    private static TimeSpan ParseDuration(string text)
    {
        if (Durations.TryParse(text, out var span))
            return span;
        throw new FormatException("expected seconds (such as 30 or 2.5s), minutes (2m), hours (1h) or hh:mm:ss.");
    }

    private static object ParseEnum(string text, Type type)
    {
        var wanted = Normalize(text);
        foreach (var name in Enum.GetNames(type))
        {
            if (Normalize(name) == wanted)
                return Enum.Parse(type, name);
        }

        var valid = Enum.GetNames(type).Select(SettingDescriptor.ToKebab);
        throw new FormatException($"valid values: {string.Join(", ", valid)}.");
    }

    private static string Normalize(string text) => text.Replace("-", "").Replace("_", "").ToLowerInvariant();
}
