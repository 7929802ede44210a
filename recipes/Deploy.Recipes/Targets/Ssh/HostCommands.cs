namespace Deploy.Recipes.Targets.Ssh;

/// <summary>
/// The shell commands the recipe runs on a host, as pure builders (the way Kamal builds its commands): every value is
/// quoted with <see cref="ShellQuote"/>, and each command needs only a POSIX sh and coreutils, tar, gzip, setsid.
/// </summary>
public static class HostCommands
{
    /// <summary>The folders where a .NET install usually lives, after <c>PATH</c> and <c>$DOTNET_ROOT</c>.</summary>
    public static readonly IReadOnlyList<string> UsualDotnetFolders = ["/usr/share/dotnet", "/usr/lib/dotnet", "/usr/local/share/dotnet", "/opt/dotnet", "$HOME/.dotnet"];

    /// <summary>Prints <c>dotnet=&lt;path&gt;</c> (or <c>dotnet=none</c>) and that host's <c>--list-runtimes</c>.</summary>
    public static string RuntimeProbe() =>
        "for d in \"$(command -v dotnet 2>/dev/null)\" \"${DOTNET_ROOT:+$DOTNET_ROOT/dotnet}\" " +
        string.Join(' ', UsualDotnetFolders.Select(f => $"\"{f}/dotnet\"")) +
        "; do if [ -n \"$d\" ] && [ -x \"$d\" ]; then d=$(readlink -f \"$d\"); echo \"dotnet=$d\"; \"$d\" --list-runtimes; exit 0; fi; done; echo dotnet=none";

    /// <summary>Creates the state folders owner-only and prints the home folder.</summary>
    public static string Prepare(HostPaths paths) =>
        $"umask 077 && mkdir -p {Q(paths.Releases)} {Q(paths.EdgeBinaries)} {Q(paths.Incoming)} {Q(paths.Edge)} {Q(paths.Data)}";

    /// <summary>
    /// Unpacks an uploaded archive into a folder beside the uploads, checks every file against the archive's
    /// <c>SHA256SUMS</c>, and renames it into place at <paramref name="target"/>; the archive and the partial folder are
    /// removed whatever happens. A target that holds <paramref name="digest"/> already stays (another environment placed
    /// the same content meanwhile); one holding anything else is moved aside (into the uploads, cleaned later) and replaced.
    /// </summary>
    public static string Unpack(string archive, string partial, string target, string digest) =>
        $"set -e; p={Q(partial)}; a={Q(archive)}; trap 'rm -rf \"$p\" \"$a\"' EXIT; rm -rf \"$p\"; mkdir -p \"$p\"; " +
        "tar -xzf \"$a\" -C \"$p\"; " +
        $"(cd \"$p\" && sha256sum --check --quiet --strict SHA256SUMS) || {{ echo 'the files unpacked on the host do not match their digests' >&2; exit 3; }}; " +
        $"if [ \"$(cat {Q(target + "/" + FolderArchive.DigestFile)} 2>/dev/null)\" = {Q(digest)} ]; then exit 0; fi; " +
        $"if [ -e {Q(target)} ]; then mv -T {Q(target)} \"$p.replaced\"; fi; mv -T \"$p\" {Q(target)}";

    /// <summary>Removes uploads and unpacked folders left by runs that were interrupted (run only under the host lock).</summary>
    public static string CleanIncoming(HostPaths paths) => $"rm -rf {Q(paths.Incoming)} && mkdir -p {Q(paths.Incoming)}";

    /// <summary>
    /// Takes the host lock: the holder record is written aside and hard-linked into place (link(2) refuses an existing
    /// file, so exactly one run wins). Prints <c>taken</c>, or <c>held</c> and the current holder's record.
    /// </summary>
    public static string TakeLock(string lockFile, string record) =>
        $"umask 077; t={Q(lockFile)}.$$.tmp; printf '%s' {Q(record)} > \"$t\"; " +
        $"if ln \"$t\" {Q(lockFile)} 2>/dev/null; then rm -f \"$t\"; echo taken; else rm -f \"$t\"; echo held; cat {Q(lockFile)} 2>/dev/null; fi";

    /// <summary>Removes the lock only when it still holds exactly <paramref name="record"/> (never another run's).</summary>
    public static string ReleaseLock(string lockFile, string record) =>
        $"if [ \"$(cat {Q(lockFile)} 2>/dev/null)\" = {Q(record)} ]; then rm -f {Q(lockFile)}; echo released; fi";

    /// <summary>True (exit 0) when <paramref name="pid"/> runs the edge program.</summary>
    public static string IsEdge(int pid) =>
        $"kill -0 {pid} 2>/dev/null && tr '\\0' ' ' < /proc/{pid}/cmdline | grep -q Deploy.Recipes.Edge.dll";

    /// <summary>
    /// Starts the edge so that it outlives the SSH session: in a systemd unit of its own (<c>systemd-run</c>, as root
    /// or through the user's manager) when the host runs systemd, else in a new session (<c>setsid</c>) with its
    /// input and output away from the session. Prints <c>systemd &lt;unit&gt;</c> or <c>detached</c>.
    /// </summary>
    public static string StartEdge(string dotnet, string program, HostPaths paths, int publicPort, string publicAddress, string unit)
    {
        var log = $"{paths.Edge}/edge.log";
        var edge = ShellQuote.Command([dotnet, program, $"--state={paths.Edge}", $"--environment={paths.Environment}", $"--public-port={publicPort}", $"--public-address={publicAddress}"]);
        var systemd = $"systemd-run $scope --unit={Q(unit)} --collect --quiet -p WorkingDirectory={Q(paths.Edge)} " +
                      $"-p StandardOutput=append:{Q(log)} -p StandardError=append:{Q(log)} {edge}";
        return $"cd {Q(paths.Edge)} || exit 1; scope=''; " +
               "if [ -d /run/systemd/system ] && command -v systemd-run >/dev/null 2>&1 && { [ \"$(id -u)\" = 0 ] || { scope=--user; systemctl --user show-environment >/dev/null 2>&1; }; }; then " +
               $"{systemd} && echo systemd {Q(unit)} && exit 0; fi; " +
               $"setsid nohup {edge} >>{Q(log)} 2>&1 </dev/null & echo detached";
    }

    /// <summary>Ends the edge (and its process group's leftovers): TERM, then KILL after <paramref name="graceSeconds"/>.</summary>
    public static string EndEdge(int pid, int graceSeconds) =>
        $"{IsEdge(pid)} || exit 0; kill -TERM {pid}; i=0; while kill -0 {pid} 2>/dev/null && [ $i -lt {graceSeconds * 10} ]; do sleep 0.1; i=$((i+1)); done; kill -KILL {pid} 2>/dev/null; exit 0";

    /// <summary>Writes standard input to <paramref name="file"/> atomically (temporary file, then rename).</summary>
    public static string WriteFile(string file) => $"umask 077; t={Q(file)}.$$.tmp; cat > \"$t\" && mv -f \"$t\" {Q(file)}";

    private static string Q(string value) => ShellQuote.Word(value);
}
