using System.Security.Cryptography;

namespace Deploy.Recipes.Targets.Local;

/// <summary>
/// The secret that opens the edge's admin API and the operator route: 32 random bytes in hex, in a file only its owner
/// can read, made so again if someone widened it.
/// </summary>
internal static class EdgeToken
{
    /// <summary>Creates the token file when it is missing or empty; narrows its mode to 0600 when it was widened.</summary>
    public static void Ensure(string file, Action<string> report)
    {
        if (File.Exists(file) && new FileInfo(file).Length > 0)
        {
            if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(file) & ~(UnixFileMode.UserRead | UnixFileMode.UserWrite)) != 0)
            {
                File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                report($"{file} could be read by others; it is owner-only (0600) again.");
            }

            return;
        }

        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using var writer = new StreamWriter(file, System.Text.Encoding.ASCII, options);
        writer.Write(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)));
    }

    /// <summary>The token.</summary>
    public static string Read(string file) => File.ReadAllText(file).Trim();
}
