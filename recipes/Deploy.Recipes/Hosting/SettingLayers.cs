using Cake.Core.Configuration;

namespace Deploy.Recipes.Hosting;

/// <summary>
/// Where setting overrides come from, weakest first: <c>cake.config</c> (<c>[Section] key=value</c>), environment
/// variables (<c>PREFIX_KEY</c>), then <c>--key=value</c> arguments.
/// </summary>
internal sealed record SettingLayers(
    ICakeConfiguration Configuration,
    Func<string, string?> EnvironmentVariable,
    ILookup<string, string> Arguments);
