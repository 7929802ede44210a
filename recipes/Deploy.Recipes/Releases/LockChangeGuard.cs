namespace Deploy.Recipes.Releases;

/// <summary>
/// Serialises every change to a lock file (taking, breaking, releasing) across processes, so a run that judged a
/// lock stale removes exactly the file it judged and never one another run has just put in place. It is a kernel
/// file lock (flock, which .NET takes for <see cref="FileShare.None"/>) on a companion file that is never deleted:
/// the kernel releases it when its process dies, so the guard itself can never be left behind.
/// </summary>
internal sealed class LockChangeGuard : IDisposable
{
    private readonly FileStream _file;

    private LockChangeGuard(FileStream file) => _file = file;

    /// <summary>Takes the guard of <paramref name="lockPath"/>, waiting up to <paramref name="wait"/>; null when it stayed busy.</summary>
    public static LockChangeGuard? Take(string lockPath, TimeSpan wait)
    {
        var deadline = DateTime.UtcNow + wait;
        while (true)
        {
            try
            {
                return new LockChangeGuard(new FileStream(lockPath + ".guard", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (File.Exists(lockPath + ".guard"))
            {
                // Another run holds it for the few milliseconds a take, break or release lasts.
                if (DateTime.UtcNow >= deadline)
                    return null;
                Thread.Sleep(Random.Shared.Next(5, 25));
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => _file.Dispose();
}
