using Deploy.Recipes.Edge.Admin;
using Deploy.Recipes.Edge.Contract;

namespace Deploy.Recipes.Edge.Slots;

/// <summary>Checks a <see cref="StartSlot"/> before anything starts.</summary>
internal static class ReleaseRequestCheck
{
    /// <summary>Checks a process's start request; returns the entry assembly's full path.</summary>
    public static string EntryAssemblyPath(StartSlot? release)
    {
        Identity(release);
        if (string.IsNullOrWhiteSpace(release.AppDirectory) || !Path.IsPathFullyQualified(release.AppDirectory))
            throw AdminRefusal.BadRequest($"appDirectory '{release.AppDirectory}' must be an absolute path");
        if (!Directory.Exists(release.AppDirectory))
            throw AdminRefusal.BadRequest($"app directory {release.AppDirectory} does not exist");
        if (string.IsNullOrWhiteSpace(release.EntryAssembly))
            throw AdminRefusal.BadRequest("entryAssembly is missing");
        var entry = Path.GetFullPath(Path.Combine(release.AppDirectory, release.EntryAssembly));
        if (!File.Exists(entry))
            throw AdminRefusal.BadRequest($"entry assembly {entry} does not exist");
        return entry;
    }

    /// <summary>The release id and version every start needs, a process's or a backend's.</summary>
    public static void Identity([System.Diagnostics.CodeAnalysis.NotNull] StartSlot? release)
    {
        if (release == null)
            throw AdminRefusal.BadRequest("the body must be a StartSlot object");
        if (string.IsNullOrWhiteSpace(release.Release) || release.Release.Length > 128 || !release.Release.All(IsFileNameSafe))
            throw AdminRefusal.BadRequest($"release '{release.Release}' must be 1-128 letters, digits, '.', '-' or '_' (it names the log file)");
        if (string.IsNullOrWhiteSpace(release.Version))
            throw AdminRefusal.BadRequest("version is missing");
    }

    private static bool IsFileNameSafe(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_';
}
