using System.Collections.Concurrent;

namespace Deploy.Recipes.Audit;

/// <summary>
/// Exclusive right to append to one trail, across threads and processes: reading the last line, writing the next one
/// and replacing the anchor must not interleave with another writer, or two records would link on the same line. A
/// Status run beside a Deploy, or a fleet's parallel host steps, write the same trail. Across processes it is a file
/// lock (flock, which .NET takes for <see cref="FileShare.None"/>) on <c>&lt;trail&gt;.lock</c>, a file that is never
/// deleted; within a process a monitor per trail keeps threads from spinning on the file lock.
/// </summary>
internal sealed class AuditWriteLock : IDisposable
{
    // A writer holds the lock for one line and one small file: waiting this long means something is wrong.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> InProcess = new(StringComparer.Ordinal);

    private readonly SemaphoreSlim _gate;
    private readonly FileStream _file;

    private AuditWriteLock(SemaphoreSlim gate, FileStream file)
    {
        _gate = gate;
        _file = file;
    }

    /// <summary>Waits for the lock of <paramref name="trail"/>; throws naming the lock file when it stays taken.</summary>
    public static AuditWriteLock Take(string trail)
    {
        var path = Path.GetFullPath(trail) + ".lock";
        var gate = InProcess.GetOrAdd(path, _ => new SemaphoreSlim(1, 1));
        if (!gate.Wait(Patience))
            throw new TimeoutException($"The audit trail {trail} stayed locked by this process for {Patience.TotalSeconds:0} s.");
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            try
            {
                return new AuditWriteLock(gate, new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(5);
            }
            catch
            {
                gate.Release();
                throw;
            }
        }
    }

    public void Dispose()
    {
        _file.Dispose();
        _gate.Release();
    }
}
