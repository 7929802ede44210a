namespace Deploy.Recipes.Targets.Ssh;

/// <summary>
/// The known-hosts file on the machine running the recipe (setting <c>known-hosts</c>, <c>~</c> expanded): read once
/// per run, appended to for hosts trusted with <c>--trust-new-hosts</c>. A missing file holds no host.
/// </summary>
public sealed class KnownHostsFile
{
    private readonly Lock _append = new();

    /// <summary>Reads <paramref name="setting"/> (<c>~/...</c> is the user's home).</summary>
    public KnownHostsFile(string setting)
    {
        Path = Expand(setting);
        Entries = File.Exists(Path) ? KnownHostEntry.ParseFile(File.ReadAllText(Path)) : [];
    }

    /// <summary>The file's full path.</summary>
    public string Path { get; }

    /// <summary>The entries as read at the start of the run.</summary>
    public IReadOnlyList<KnownHostEntry> Entries { get; }

    /// <summary><paramref name="setting"/> with a leading <c>~</c> replaced by the user's home, made absolute.</summary>
    public static string Expand(string setting)
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var path = setting == "~" ? home
            : setting.StartsWith("~/", StringComparison.Ordinal) ? System.IO.Path.Combine(home, setting[2..])
            : setting;
        return System.IO.Path.GetFullPath(path);
    }

    /// <summary>Appends a plain line for <paramref name="knownHostsName"/> (creating the file and its folder owner-only when missing).</summary>
    public void Append(string knownHostsName, string keyType, byte[] key)
    {
        lock (_append)
        {
            var folder = System.IO.Path.GetDirectoryName(Path)!;
            if (!Directory.Exists(folder))
            {
                if (OperatingSystem.IsWindows())
                    Directory.CreateDirectory(folder);
                else
                    Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            // A file that does not end in a newline would glue the new entry onto its last line.
            var separator = File.Exists(Path) && new FileInfo(Path).Length > 0 && !File.ReadAllText(Path).EndsWith('\n') ? "\n" : "";
            File.AppendAllText(Path, separator + KnownHostEntry.LineFor(knownHostsName, keyType, key) + "\n");
        }
    }
}
