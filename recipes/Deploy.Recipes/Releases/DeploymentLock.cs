using System.Text.Json;

namespace Deploy.Recipes.Releases;

/// <summary>Who holds an environment's deployment lock (or, on a fleet, a host's deploy lock).</summary>
public sealed record LockHolder(int Pid, long? PidStartTicks, string Actor, string Host, string Targets, DateTimeOffset SinceUtc)
{
    /// <summary>Reads a holder record; null when the text is not one.</summary>
    public static LockHolder? Parse(string text)
    {
        try
        {
            return JsonSerializer.Deserialize<LockHolder>(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Who holds a lock, in one phrase for refusals and reports.</summary>
    public static string Describe(LockHolder? holder) =>
        holder == null ? "an unreadable lock file" : $"{holder.Actor} (PID {holder.Pid} on {holder.Host}, running {holder.Targets}) since {holder.SinceUtc:u}";
}

/// <summary>
/// One run at a time per environment. A second run waits up to the lock wait, then fails naming who holds the lock
/// and since when. The lock file appears whole or not at all: the holder record is written to a temporary file and
/// hard-linked into place, which fails when a lock is already there. A lock whose holder process is gone (killed) is
/// recognised as such and broken only with <c>--force-unlock</c>, because the run it belonged to may have left the
/// environment half-changed; a lock taken on another machine is never judged by its PID (it is reported, and broken
/// only with <c>--force-unlock</c>); an unreadable lock file is never broken. Taking, breaking and releasing happen
/// under a <see cref="LockChangeGuard"/>, so breaking removes exactly the lock that was judged.
/// </summary>
public sealed class DeploymentLock : IDisposable
{
    // A take, break or release lasts milliseconds; this only bounds a guard holder that was stopped (SIGSTOP).
    private static readonly TimeSpan GuardWait = TimeSpan.FromSeconds(10);

    private readonly string _path;
    private readonly string _record;
    private bool _released;

    private DeploymentLock(string path, string record)
    {
        _path = path;
        _record = record;
    }

    /// <summary>Takes the lock at <paramref name="path"/> or throws explaining who holds it.</summary>
    public static DeploymentLock Acquire(string path, LockHolder me, TimeSpan wait, bool forceUnlock, Action<string> report)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var record = JsonSerializer.Serialize(me);
        var deadline = DateTime.UtcNow + wait;
        while (true)
        {
            string refusal;
            using (var guard = LockChangeGuard.Take(path, GuardWait))
            {
                if (guard == null)
                    throw new InvalidOperationException($"Another run kept the guard of the deployment lock ({path}.guard) for {GuardWait.TotalSeconds:0} s; retry.");
                if (TryPlace(path, record))
                    return Taken(path, record);
                var found = ReadText(path);
                if (found == null)
                    continue; // released between the two steps: try again
                var holder = LockHolder.Parse(found);
                var state = LockJudgement.Judge(holder, Environment.MachineName, ProcessIdentity.IsAlive);
                if (LockJudgement.MayBreak(state, forceUnlock))
                {
                    if (BreakIfUnchanged(path, found))
                    {
                        report(state == LockState.Stale
                            ? $"Breaking the deployment lock left by {LockHolder.Describe(holder)}: that process is no longer running."
                            : $"Breaking the deployment lock held by {LockHolder.Describe(holder)} on another host (--force-unlock).");
                        if (TryPlace(path, record))
                            return Taken(path, record);
                    }

                    continue;
                }

                refusal = Refusal(state, holder, path);
            }

            if (DateTime.UtcNow >= deadline)
                throw new InvalidOperationException(refusal);
            Thread.Sleep(200);
        }
    }

    /// <summary>Releases the lock if this run still holds it (its own record is still the file's content).</summary>
    public void Dispose()
    {
        if (_released)
            return;
        using var guard = LockChangeGuard.Take(_path, GuardWait);
        if (guard == null)
            return; // left in place: the next run reports it as stale rather than two runs sharing it
        if (ReadText(_path) == _record)
            File.Delete(_path);
        _released = true;
    }

    // Temporary and moved-aside files exist only while a run holds the guard; any found now were left by a run
    // killed at that moment.
    private static DeploymentLock Taken(string path, string record)
    {
        var name = Path.GetFileName(path);
        foreach (var leftover in Directory.GetFiles(Path.GetDirectoryName(path)!, name + ".*")
                     .Where(f => f.EndsWith(".tmp", StringComparison.Ordinal) || f.EndsWith(".broken", StringComparison.Ordinal)))
            File.Delete(leftover);
        return new DeploymentLock(path, record);
    }

    // Hard-linking a complete file into place is atomic and refuses an existing lock (File.Move without overwrite
    // uses link(2) on Unix), so no reader ever sees a half-written lock.
    private static bool TryPlace(string path, string record)
    {
        var temporary = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                file.Write(System.Text.Encoding.UTF8.GetBytes(record));
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: false);
            return true;
        }
        catch (IOException) when (File.Exists(path))
        {
            return false;
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    // Moves the judged file aside and deletes it only when it is still the one judged; anything else goes back.
    private static bool BreakIfUnchanged(string path, string judged)
    {
        var aside = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.broken";
        try
        {
            File.Move(path, aside, overwrite: false);
        }
        catch (FileNotFoundException)
        {
            return true;
        }

        if (ReadText(aside) == judged)
        {
            File.Delete(aside);
            return true;
        }

        File.Move(aside, path, overwrite: false);
        return false;
    }

    private static string? ReadText(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    private static string Refusal(LockState state, LockHolder? holder, string path) => state switch
    {
        LockState.Held =>
            $"The environment is locked by another run: {LockHolder.Describe(holder)}. Wait for it, or retry with --lock-wait=<seconds>.",
        LockState.Stale =>
            $"The environment is locked by a run that is gone: {LockHolder.Describe(holder)}; it was probably killed and may have left a release half-done. " +
            $"Check --target=Status, then rerun with --force-unlock to break the lock ({path}).",
        LockState.OtherHost =>
            $"The environment is locked by a run on another host: {LockHolder.Describe(holder)}. This machine cannot tell whether it still runs. " +
            $"Wait for it, or, once you know it is gone, rerun with --force-unlock to break the lock ({path}).",
        _ =>
            $"The deployment lock {path} is unreadable (empty or damaged). This version writes it whole, so an older version may be writing it " +
            "right now; it is never broken automatically, not even with --force-unlock. Make sure no run is in progress, delete the file, and rerun.",
    };
}
