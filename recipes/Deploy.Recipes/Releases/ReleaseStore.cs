namespace Deploy.Recipes.Releases;

/// <summary>
/// The installed releases under <c>.deploy/releases</c>. Installing copies the packaged artifact (checking its
/// digest) into a new folder and renames it into place, so a release folder is always whole; pruning keeps the
/// newest N plus any release still in use.
/// </summary>
public sealed class ReleaseStore(string folder)
{
    /// <summary>Installs the artifact at <paramref name="artifact"/> (holding <c>app/</c> and <c>release.json</c>); safe to re-run.</summary>
    public InstalledRelease Install(string artifact)
    {
        var manifest = ReleaseManifest.LoadFromArtifact(artifact);
        Verify(Path.Combine(artifact, "app"), manifest, "the packaged artifact");

        var id = $"{manifest.Version}-{manifest.Sha256[..8]}";
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

    /// <summary>Removes installed releases beyond the newest <paramref name="keep"/>, never one in <paramref name="inUse"/>.</summary>
    public IReadOnlyList<string> Prune(int keep, IReadOnlySet<string> inUse)
    {
        if (!Directory.Exists(folder))
            return [];
        var removed = new List<string>();
        var releases = Directory.GetDirectories(folder)
            .Where(d => !Path.GetFileName(d).StartsWith('.'))
            .OrderByDescending(Directory.GetCreationTimeUtc)
            .ToList();
        foreach (var release in releases.Skip(Math.Max(keep, 1)))
        {
            var id = Path.GetFileName(release);
            if (inUse.Contains(id))
                continue;
            Directory.Delete(release, recursive: true);
            removed.Add(id);
        }

        return removed;
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
