using System.Text.Json;
using Deploy.Recipes.Releases;

namespace Deploy.Recipes.Targets.Ssh;

/// <summary>
/// One deploy at a time on a server (<c>~/.deploy/host.lock</c>), whichever machine or CI runner runs it: the
/// environment lock on the machine running the recipe cannot see a run started from another runner. Taken atomically
/// on the host (<see cref="HostCommands.TakeLock"/>), judged like the environment lock (<see cref="LockJudgement"/>:
/// a run on this machine whose process is gone is stale; a run on another machine is never judged by its PID), broken
/// only with <c>--force-unlock</c>, and released at the end only while it still holds this run's record.
/// </summary>
public sealed class HostLock
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(30);
    private readonly SshSession _session;
    private readonly string _file;
    private readonly string _record;

    private HostLock(SshSession session, string file, string record)
    {
        _session = session;
        _file = file;
        _record = record;
    }

    /// <summary>Takes the lock or throws naming the host, the holder and the way out.</summary>
    public static async Task<HostLock> TakeAsync(SshSession session, HostPaths paths, LockHolder me, TimeSpan wait, bool forceUnlock, Action<string> report, CancellationToken cancel)
    {
        var record = JsonSerializer.Serialize(me);
        var deadline = DateTime.UtcNow + wait;
        while (true)
        {
            var output = await session.RunCheckedAsync(HostCommands.TakeLock(paths.Lock, record), "taking the host lock", CommandTimeout, cancel);
            var lines = output.Split('\n', 2);
            if (lines[0].Trim() == "taken")
                return new HostLock(session, paths.Lock, record);
            var found = lines.Length > 1 ? lines[1] : "";
            if (found.Length == 0)
                continue; // released between the two steps: try again
            var holder = LockHolder.Parse(found);
            var state = LockJudgement.Judge(holder, Environment.MachineName, ProcessIdentity.IsAlive);
            if (LockJudgement.MayBreak(state, forceUnlock))
            {
                report($"Breaking the deploy lock of host {session.Host.Name} held by {LockHolder.Describe(holder)} (--force-unlock).");
                await session.RunCheckedAsync(HostCommands.ReleaseLock(paths.Lock, found), "breaking the host lock", CommandTimeout, cancel);
                continue;
            }

            if (DateTime.UtcNow >= deadline)
                throw new InvalidOperationException(Refusal(session.Host, state, holder, paths.Lock));
            await Task.Delay(TimeSpan.FromMilliseconds(500), cancel);
        }
    }

    /// <summary>Releases the lock if it still holds this run's record; false when the host could not be reached to do so.</summary>
    public async Task<bool> ReleaseAsync()
    {
        try
        {
            await _session.RunAsync(HostCommands.ReleaseLock(_file, _record), CommandTimeout);
            return true;
        }
        catch (Exception e) when (e is HostUnreachableException or InvalidOperationException or ObjectDisposedException)
        {
            // The host went away: the lock stays and the next run reports it (and --force-unlock breaks it).
            return false;
        }
    }

    private static string Refusal(SshHostAddress host, LockState state, LockHolder? holder, string file) => state switch
    {
        LockState.Held => $"Host {host.Name} is being deployed by another run: {LockHolder.Describe(holder)}. Wait for it, or retry with --lock-wait=<seconds>. Nothing was changed.",
        LockState.Stale => $"Host {host.Name} is locked by a run that is gone: {LockHolder.Describe(holder)}; it may have left the host half-done. Check --target=Status, then rerun with --force-unlock ({file} on the host). Nothing was changed.",
        LockState.OtherHost => $"Host {host.Name} is being deployed by a run on another machine: {LockHolder.Describe(holder)}. Wait for it, or, once you know it is gone, rerun with --force-unlock ({file} on the host). Nothing was changed.",
        _ => $"Host {host.Name} has an unreadable deploy lock ({file}); it is never broken automatically. Make sure no deploy runs, delete it on the host, and rerun. Nothing was changed.",
    };
}
