using System.Diagnostics;

namespace Deploy.Recipes.Releases;

/// <summary>
/// The version a release reports: the configured one when given, otherwise what <c>git describe --tags --always
/// --dirty</c> says about the repository, otherwise <c>0.0.0-local</c> outside a git repository.
/// </summary>
public static class AppVersion
{
    /// <summary>Characters a version may hold: it names folders and travels in HTTP headers.</summary>
    public const string AllowedCharacters = "letters, digits, '.', '-' and '_'";

    /// <summary>Resolves the version for a release built from <paramref name="repository"/>.</summary>
    public static string Resolve(string configured, string repository)
    {
        var version = string.IsNullOrWhiteSpace(configured) ? FromGit(repository) ?? "0.0.0-local" : configured.Trim();
        if (version.Length > 100 || !version.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))
            throw new ArgumentException($"App version '{version}' is not valid: use at most 100 of {AllowedCharacters}.");
        return version;
    }

    /// <summary>The current commit id of <paramref name="repository"/>, or null outside git.</summary>
    public static string? Commit(string repository) => Git(repository, "rev-parse HEAD");

    private static string? FromGit(string repository) => Git(repository, "describe --tags --always --dirty");

    private static string? Git(string repository, string arguments)
    {
        try
        {
            var start = new ProcessStartInfo("git", arguments)
            {
                WorkingDirectory = repository,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var git = Process.Start(start)!;
            var output = git.StandardOutput.ReadToEnd().Trim();
            git.StandardError.ReadToEnd();
            git.WaitForExit();
            return git.ExitCode == 0 && output.Length > 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // git is not installed: the caller falls back.
        }
    }
}
