using System.Globalization;
using System.Text.Json;

namespace Deploy.Recipes.Releases;

/// <summary>How the .NET host may pick a newer framework than the one an app was built for (.NET's roll-forward policies).</summary>
public enum RollForwardPolicy
{
    /// <summary>The default: the requested major.minor at its latest patch, else the lowest higher minor of the same major.</summary>
    Minor,

    /// <summary>The latest patch of the requested major.minor only.</summary>
    LatestPatch,

    /// <summary>As <see cref="Minor"/>; when the requested major is missing, the lowest higher major (lowest minor, latest patch).</summary>
    Major,

    /// <summary>The highest minor of the requested major.</summary>
    LatestMinor,

    /// <summary>The highest version installed, of any major.</summary>
    LatestMajor,

    /// <summary>Exactly the requested version.</summary>
    Disable,
}

/// <summary>One shared framework an app needs: its name, lowest version and its own roll-forward policy, if set.</summary>
public sealed record FrameworkReference(string Name, string Version, RollForwardPolicy? RollForward);

/// <summary>
/// What a packaged app's <c>&lt;app&gt;.runtimeconfig.json</c> says about the runtime it needs: its framework
/// references and the file-wide roll-forward policy. A self-contained app carries its runtime and needs none.
/// </summary>
/// <param name="Frameworks">The framework references (empty for a self-contained app).</param>
/// <param name="RollForward">The file-wide <c>rollForward</c>, if set.</param>
/// <param name="SelfContained">True when the app brings its own runtime (<c>includedFrameworks</c>).</param>
public sealed record AppRuntimeConfig(IReadOnlyList<FrameworkReference> Frameworks, RollForwardPolicy? RollForward, bool SelfContained)
{
    /// <summary>Reads the JSON of a runtimeconfig file; throws <see cref="FormatException"/> naming what is wrong.</summary>
    public static AppRuntimeConfig Parse(string json)
    {
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        if (!document.RootElement.TryGetProperty("runtimeOptions", out var options))
            throw new FormatException("it has no runtimeOptions");
        var fileWide = options.TryGetProperty("rollForward", out var wide) ? RuntimeFit.ParsePolicy(wide.GetString()) : (RollForwardPolicy?)null;
        if (options.TryGetProperty("includedFrameworks", out _))
            return new AppRuntimeConfig([], fileWide, SelfContained: true);
        var references = new List<FrameworkReference>();
        if (options.TryGetProperty("framework", out var single))
            references.Add(Reference(single));
        if (options.TryGetProperty("frameworks", out var several))
            references.AddRange(several.EnumerateArray().Select(Reference));
        return new AppRuntimeConfig(references, fileWide, SelfContained: false);
    }

    private static FrameworkReference Reference(JsonElement framework) => new(
        framework.GetProperty("name").GetString() ?? throw new FormatException("a framework has no name"),
        framework.GetProperty("version").GetString() ?? throw new FormatException("a framework has no version"),
        framework.TryGetProperty("rollForward", out var policy) ? RuntimeFit.ParsePolicy(policy.GetString()) : null);
}

/// <summary>One framework reference and the installed version the host would run it on (null: none).</summary>
public sealed record FrameworkChoice(FrameworkReference Reference, RollForwardPolicy Policy, string? Chosen);

/// <summary>
/// Does an app run on the runtimes installed here? A pure function of its runtimeconfig, the installed shared
/// frameworks and the roll-forward policy, following .NET's framework resolution: the policy is the
/// <c>DOTNET_ROLL_FORWARD</c> environment variable if set, else the reference's own, else the file's, else Minor;
/// never a lower version; a release version prefers release versions and takes a pre-release only when no release fits.
/// </summary>
public static class RuntimeFit
{
    /// <summary>The environment variable that sets the roll-forward policy for a process, over the runtimeconfig.</summary>
    public const string RollForwardVariable = "DOTNET_ROLL_FORWARD";

    /// <summary>The valid policy names, for messages.</summary>
    public static string ValidPolicies => string.Join(", ", Enum.GetNames<RollForwardPolicy>());

    /// <summary>A policy by name (case-insensitive); null for null or empty; <see cref="FormatException"/> for anything else.</summary>
    public static RollForwardPolicy? ParsePolicy(string? name) =>
        string.IsNullOrWhiteSpace(name) ? null
        : Enum.TryParse<RollForwardPolicy>(name.Trim(), ignoreCase: true, out var policy) && Enum.IsDefined(policy) && !char.IsDigit(name.Trim()[0]) ? policy
        : throw new FormatException($"roll-forward policy '{name}' is not one of {ValidPolicies}");

    /// <summary>For each framework the app needs, the installed version the host would choose (null when none fits).</summary>
    /// <param name="config">The app's runtimeconfig.</param>
    /// <param name="installed">Installed versions by framework name (names are case-sensitive, as folder names are).</param>
    /// <param name="environmentPolicy">The process's <c>DOTNET_ROLL_FORWARD</c>, if set.</param>
    public static IReadOnlyList<FrameworkChoice> Judge(AppRuntimeConfig config, IReadOnlyDictionary<string, IReadOnlyList<string>> installed, RollForwardPolicy? environmentPolicy) =>
        config.Frameworks.Select(reference =>
        {
            var policy = environmentPolicy ?? reference.RollForward ?? config.RollForward ?? RollForwardPolicy.Minor;
            var versions = installed.TryGetValue(reference.Name, out var found) ? found : [];
            return new FrameworkChoice(reference, policy, Resolve(reference.Version, policy, versions));
        }).ToList();

    /// <summary>The version the host picks for <paramref name="requested"/> under <paramref name="policy"/> among <paramref name="installed"/>; null when none fits.</summary>
    public static string? Resolve(string requested, RollForwardPolicy policy, IEnumerable<string> installed)
    {
        var wanted = FrameworkVersion.Parse(requested);
        var candidates = installed.Select(FrameworkVersion.TryParse).OfType<FrameworkVersion>().Where(v => v.CompareTo(wanted) >= 0).ToList();
        var chosen = wanted.IsPrerelease
            ? Pick(wanted, policy, candidates)
            : Pick(wanted, policy, candidates.Where(v => !v.IsPrerelease).ToList()) ?? Pick(wanted, policy, candidates);
        return chosen?.Text;
    }

    private static FrameworkVersion? Pick(FrameworkVersion wanted, RollForwardPolicy policy, IReadOnlyList<FrameworkVersion> candidates)
    {
        var sameMinor = candidates.Where(v => v.Major == wanted.Major && v.Minor == wanted.Minor).ToList();
        var sameMajor = candidates.Where(v => v.Major == wanted.Major).ToList();
        return policy switch
        {
            RollForwardPolicy.Disable => candidates.FirstOrDefault(v => v.CompareTo(wanted) == 0),
            RollForwardPolicy.LatestPatch => sameMinor.Max(),
            RollForwardPolicy.Minor => sameMinor.Max() ?? LatestPatchOfLowestMinor(sameMajor),
            RollForwardPolicy.LatestMinor => sameMajor.Max(),
            RollForwardPolicy.Major => sameMinor.Max() ?? LatestPatchOfLowestMinor(sameMajor)
                ?? LatestPatchOfLowestMinor(candidates.Where(v => v.Major > wanted.Major).ToList()),
            RollForwardPolicy.LatestMajor => candidates.Max(),
            _ => null,
        };
    }

    private static FrameworkVersion? LatestPatchOfLowestMinor(IReadOnlyList<FrameworkVersion> versions)
    {
        if (versions.Count == 0)
            return null;
        var lowest = versions.Min()!;
        return versions.Where(v => v.Major == lowest.Major && v.Minor == lowest.Minor).Max();
    }

    /// <summary>A framework version: major.minor.patch with an optional pre-release part, ordered as SemVer orders them.</summary>
    private sealed record FrameworkVersion(int Major, int Minor, int Patch, string Prerelease, string Text) : IComparable<FrameworkVersion>
    {
        public bool IsPrerelease => Prerelease.Length > 0;

        public static FrameworkVersion Parse(string text) =>
            TryParse(text) ?? throw new FormatException($"'{text}' is not a framework version such as 9.0.0");

        public static FrameworkVersion? TryParse(string text)
        {
            var dash = text.IndexOf('-');
            var numbers = (dash >= 0 ? text[..dash] : text).Split('+')[0].Split('.');
            if (numbers.Length != 3 || !int.TryParse(numbers[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major)
                || !int.TryParse(numbers[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minor)
                || !int.TryParse(numbers[2], NumberStyles.None, CultureInfo.InvariantCulture, out var patch))
                return null;
            return new FrameworkVersion(major, minor, patch, dash >= 0 ? text[(dash + 1)..] : "", text);
        }

        public int CompareTo(FrameworkVersion? other)
        {
            if (other == null)
                return 1;
            var byNumbers = (Major, Minor, Patch).CompareTo((other.Major, other.Minor, other.Patch));
            if (byNumbers != 0)
                return byNumbers;
            if (IsPrerelease != other.IsPrerelease)
                return IsPrerelease ? -1 : 1;
            return ComparePrerelease(Prerelease, other.Prerelease);
        }

        // SemVer: dot-separated identifiers, numeric ones compared as numbers and below alphanumeric ones.
        private static int ComparePrerelease(string left, string right)
        {
            var a = left.Split('.');
            var b = right.Split('.');
            for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
            {
                var aNumber = int.TryParse(a[i], NumberStyles.None, CultureInfo.InvariantCulture, out var x);
                var bNumber = int.TryParse(b[i], NumberStyles.None, CultureInfo.InvariantCulture, out var y);
                var order = aNumber && bNumber ? x.CompareTo(y) : aNumber ? -1 : bNumber ? 1 : string.CompareOrdinal(a[i], b[i]);
                if (order != 0)
                    return order;
            }

            return a.Length.CompareTo(b.Length);
        }
    }
}
