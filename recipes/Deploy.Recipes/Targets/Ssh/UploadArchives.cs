using System.Collections.Concurrent;

namespace Deploy.Recipes.Targets.Ssh;

/// <summary>The archives of one run (<see cref="FolderArchive"/>), each made once however many hosts need it; deleted with the run.</summary>
public sealed class UploadArchives : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _made = new(StringComparer.Ordinal);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"deploy-upload-{Environment.ProcessId}-{Guid.NewGuid():N}");

    /// <summary>How many archives this run made (each folder once).</summary>
    public int Made => _made.Count(pair => pair.Value.IsValueCreated);

    /// <summary>The archive of <paramref name="folder"/> with content <paramref name="digest"/>, made on first use.</summary>
    public Task<string> ForAsync(string folder, string digest) =>
        _made.GetOrAdd(digest, _ => new Lazy<Task<string>>(() => Task.Run(() =>
        {
            Directory.CreateDirectory(_folder);
            var archive = Path.Combine(_folder, digest[..16] + ".tar.gz");
            FolderArchive.Create(folder, digest, archive);
            return archive;
        }))).Value;

    /// <inheritdoc />
    public void Dispose()
    {
        if (Directory.Exists(_folder))
            Directory.Delete(_folder, recursive: true);
    }
}
