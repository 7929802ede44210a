using System.Text.Json;

namespace Deploy.Recipes.Releases;

/// <summary>Who holds an environment's deployment lock.</summary>
public sealed record LockHolder(int Pid, long? PidStartTicks, string Actor, string Host, string Targets, DateTimeOffset SinceUtc);

/// <summary>
/// One run at a time per environment. A second run waits up to the lock wait, then fails naming who holds the lock
/// and since when. A lock whose holder process is gone (killed) is recognised as such and broken only with
/// <c>--force-unlock</c>, because the run it belonged to may have left the environment half-changed.
/// </summary>
public sealed class DeploymentLock : IDisposable
{
    private readonly string _path;
    private readonly LockHolder _holder;

    private DeploymentLock(string path, LockHolder holder)
    {
        _path = path;
        _holder = holder;
    }

    /// <summary>Takes the lock at <paramref name="path"/> or throws explaining who holds it.</summary>
    public static DeploymentLock Acquire(string path, LockHolder me, TimeSpan wait, bool forceUnlock, Action<string> report)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var deadline = DateTime.UtcNow + wait;
        while (true)
        {
            try
            {
                using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
                    JsonSerializer.Serialize(file, me);
                return new DeploymentLock(path, me);
            }
            catch (IOException) when (File.Exists(path))
            {
                var holder = Read(path);
                var alive = holder != null && ProcessIdentity.IsAlive(holder.Pid, holder.PidStartTicks);
                if (!alive && forceUnlock)
                {
                    report($"Breaking the deployment lock left by {Describe(holder)}: that process is no longer running.");
                    File.Delete(path);
                    continue;
                }

                if (DateTime.UtcNow >= deadline)
                    throw new InvalidOperationException(alive ? Busy(holder!) : Stale(holder, path));
                Thread.Sleep(200);
            }
        }
    }

    /// <summary>Releases the lock if this run still holds it.</summary>
    public void Dispose()
    {
        if (Read(_path) is { } current && current.Pid == _holder.Pid && current.SinceUtc == _holder.SinceUtc)
            File.Delete(_path);
    }

    private static LockHolder? Read(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<LockHolder>(File.ReadAllText(path));
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            return null;
        }
    }

    private static string Describe(LockHolder? holder) =>
        holder == null ? "an unreadable lock file" : $"{holder.Actor} (PID {holder.Pid} on {holder.Host}, running {holder.Targets}) since {holder.SinceUtc:u}";

    private static string Busy(LockHolder holder) =>
        $"The environment is locked by another run: {Describe(holder)}. Wait for it, or retry with --lock-wait=<seconds>.";

    private static string Stale(LockHolder? holder, string path) =>
        $"The environment is locked by a run that is gone: {Describe(holder)}; it was probably killed and may have left a release half-done. " +
        $"Check --target=Status, then rerun with --force-unlock to break the lock ({path}).";
}
