namespace Deploy.Recipes.Releases;

/// <summary>What a lock file found in place says about the run that holds it.</summary>
public enum LockState
{
    /// <summary>A run on this machine holds it and is still running.</summary>
    Held,

    /// <summary>The run on this machine that took it is gone (killed): the environment may be half-changed.</summary>
    Stale,

    /// <summary>A run on another machine holds it: its PID means nothing here, so it is never judged by it.</summary>
    OtherHost,

    /// <summary>The file cannot be read as a holder record (empty or damaged): never judged stale.</summary>
    Unreadable,
}

/// <summary>Judges a deployment lock found in place. Pure: the process check is handed in.</summary>
public static class LockJudgement
{
    /// <summary>Judges <paramref name="holder"/> (null when the file could not be read) as seen from <paramref name="thisHost"/>.</summary>
    /// <param name="holder">The holder record read from the lock file, or null.</param>
    /// <param name="thisHost">This machine's name.</param>
    /// <param name="isAlive">Whether a process (PID, start ticks) runs on this machine.</param>
    public static LockState Judge(LockHolder? holder, string thisHost, Func<int, long?, bool> isAlive)
    {
        if (holder == null || string.IsNullOrEmpty(holder.Host) || holder.Pid <= 0)
            return LockState.Unreadable;
        if (!string.Equals(holder.Host, thisHost, StringComparison.OrdinalIgnoreCase))
            return LockState.OtherHost;
        return isAlive(holder.Pid, holder.PidStartTicks) ? LockState.Held : LockState.Stale;
    }

    /// <summary>
    /// True when <c>--force-unlock</c> may break a lock in <paramref name="state"/>: one left by a killed run, or one
    /// from another machine (the operator vouches that run is gone). A live run's lock and an unreadable file never.
    /// </summary>
    public static bool MayBreak(LockState state, bool forceUnlock) => forceUnlock && state is LockState.Stale or LockState.OtherHost;
}
