namespace Deploy.Recipes.Targets.Ssh;

/// <summary>
/// Puts a folder of this machine onto a host by content: nothing is sent when the host's copy already holds the same
/// digest; otherwise the run's archive is uploaded by SFTP into the host's uploads folder, unpacked beside it, checked
/// file by file and renamed into place (<see cref="HostCommands.Unpack"/>). An upload cut off midway leaves only files
/// in the uploads folder, which the next run holding the host lock removes.
/// </summary>
public sealed class FolderPlacement(SshSession session, HostPaths paths, UploadArchives archives)
{
    private static readonly TimeSpan UnpackTimeout = TimeSpan.FromMinutes(5);

    /// <summary>How many folders this host was sent in this run.</summary>
    public int Uploads { get; private set; }

    /// <summary>True when the host's <paramref name="target"/> holds <paramref name="digest"/>.</summary>
    public bool Holds(string target, string digest) => session.ReadText($"{target}/{FolderArchive.DigestFile}")?.Trim() == digest;

    /// <summary>Makes <paramref name="target"/> on the host hold <paramref name="localFolder"/>; false when it already did.</summary>
    public async Task<bool> EnsureAsync(string localFolder, string digest, string target, CancellationToken cancel)
    {
        if (Holds(target, digest))
            return false;
        var archive = await archives.ForAsync(localFolder, digest);
        var name = $"{Path.GetFileName(target)}.{Guid.NewGuid():N}";
        var remote = $"{paths.Incoming}/{name}.tar.gz";
        await using (var read = File.OpenRead(archive))
            await session.Files.UploadFileAsync(read, remote, cancel);
        await session.RunCheckedAsync(HostCommands.Unpack(remote, $"{paths.Incoming}/{name}.partial", target, digest), $"placing {Path.GetFileName(target)}", UnpackTimeout, cancel);
        Uploads++;
        return true;
    }
}
