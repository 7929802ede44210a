using System.Text.Json;
using Deploy.Recipes.Edge.Contract;

namespace Deploy.Recipes.Releases;

/// <summary>
/// The installed releases under <c>.deploy/releases</c>. Installing copies the packaged artifact (checking its
/// digest) into a new folder and renames it into place, so a release folder is always whole; pruning keeps the
/// newest N of every environment plus any release an environment still needs.
/// </summary>
public sealed class ReleaseStore(string folder)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Installs the artifact at <paramref name="artifact"/> (holding <c>app/</c> and <c>release.json</c>); safe to re-run.</summary>
    public InstalledRelease Install(string artifact)
    {
        var manifest = ReleaseManifest.LoadFromArtifact(artifact);
        Verify(Path.Combine(artifact, "app"), manifest, "the packaged artifact");

        var id = manifest.ReleaseId;
        var target = Path.Combine(folder, id);
        if (Directory.Exists(target))
            return Get(id);

        var partial = Path.Combine(folder, $".{id}.{Environment.ProcessId}.partial");
        if (Directory.Exists(partial))
            Directory.Delete(partial, recursive: true);
        CopyFolder(artifact, partial);
        Directory.Move(partial, target);
        return Get(id);
    }

    /// <summary>An installed release; fails naming the id when it is no longer kept or was altered.</summary>
    public InstalledRelease Get(string id)
    {
        var target = Path.Combine(folder, id);
        var manifestFile = Path.Combine(target, ReleaseManifest.FileName);
        if (!File.Exists(manifestFile))
            throw new FileNotFoundException($"Release {id} is not installed under {folder} (releases beyond keep-releases are removed).");
        var manifest = ReleaseManifest.Load(manifestFile);
        var app = Path.Combine(target, "app");
        Verify(app, manifest, $"installed release {id}");
        return new InstalledRelease(id, manifest, app);
    }

    /// <summary>
    /// Removes installed releases no environment needs any more (<see cref="ReleasePruning"/>): every environment's
    /// history (<c>&lt;state&gt;/&lt;environment&gt;/releases.json</c>) and every edge's slot processes are read, so a
    /// deploy to staging never removes what production runs, keeps warm or would roll back to. When any of them cannot
    /// be read nothing is removed and <paramref name="report"/> says why: a disk full of old releases is recoverable, a
    /// live release's deleted folder is not.
    /// </summary>
    /// <returns>The ids of the removed releases.</returns>
    public IReadOnlyList<string> Prune(int keep, Action<string> report)
    {
        if (!Directory.Exists(folder))
            return [];
        var stateRoot = Path.GetDirectoryName(Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar))!;
        var histories = new Dictionary<string, IReadOnlyList<ReleaseRecord>>(StringComparer.Ordinal);
        var running = new HashSet<string>(StringComparer.Ordinal);
        foreach (var environment in Directory.GetDirectories(stateRoot))
        {
            try
            {
                var history = Path.Combine(environment, "releases.json");
                if (File.Exists(history))
                    histories[Path.GetFileName(environment)] = ReleaseHistory.Load(history).Records;
                running.UnionWith(RunningReleases(Path.Combine(environment, "edge", EdgeFiles.SlotProcesses)));
            }
            catch (Exception unreadable) when (unreadable is InvalidDataException or IOException or JsonException)
            {
                report($"No old release was removed: {unreadable.Message}");
                return [];
            }
        }

        RemoveLeftoverPartials(report);
        var installed = Directory.GetDirectories(folder)
            .Where(d => !Path.GetFileName(d).StartsWith('.'))
            .OrderByDescending(Directory.GetCreationTimeUtc)
            .Select(Path.GetFileName)
            .OfType<string>()
            .ToList();
        var removed = new List<string>();
        foreach (var id in ReleasePruning.Removable(installed, histories, running, keep))
        {
            Directory.Delete(Path.Combine(folder, id), recursive: true);
            removed.Add(id);
        }

        return removed;
    }

    /// <summary>Removes half-copied releases left by installs that were killed (their process is gone); never one still being copied.</summary>
    private void RemoveLeftoverPartials(Action<string> report)
    {
        foreach (var partial in Directory.GetDirectories(folder, ".*.partial"))
        {
            var parts = Path.GetFileName(partial).Split('.');
            if (parts.Length < 4 || !int.TryParse(parts[^2], out var pid) || ProcessIdentity.IsAlive(pid))
                continue;
            Directory.Delete(partial, recursive: true);
            report($"Removed {Path.GetFileName(partial)}: a release copy left unfinished by an install that was killed (PID {pid} is gone).");
        }
    }

    /// <summary>The ids of the releases whose processes an edge records (its command runs a DLL under this store).</summary>
    private IEnumerable<string> RunningReleases(string slotProcesses)
    {
        if (!File.Exists(slotProcesses))
            return [];
        var prefix = Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        var records = JsonSerializer.Deserialize<List<SlotProcessRecord>>(File.ReadAllText(slotProcesses), Json) ?? [];
        return records
            .Select(r => r.Command.IndexOf(prefix, StringComparison.Ordinal) is var at and >= 0 ? r.Command[(at + prefix.Length)..] : null)
            .OfType<string>()
            .Select(rest => rest.Split(Path.DirectorySeparatorChar)[0])
            .ToList();
    }

    private static void Verify(string app, ReleaseManifest manifest, string what)
    {
        if (!Directory.Exists(app))
            throw new FileNotFoundException($"The app folder of {what} is missing ({app}).");
        var (files, sha256) = ReleaseManifest.Digest(app);
        if (files != manifest.Files || sha256 != manifest.Sha256)
            throw new InvalidDataException(
                $"The content of {what} does not match its manifest ({files} files, sha256 {sha256[..12]} instead of {manifest.Files} files, {manifest.Sha256[..12]}). It was changed after packaging; package again.");
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (var sub in Directory.GetDirectories(from))
            CopyFolder(sub, Path.Combine(to, Path.GetFileName(sub)));
    }
}
