using Deploy.Recipes.Releases;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Releases;

public sealed class LockJudgementTests
{
    private static LockHolder Holder(string host) => new(4242, 99, "ci", host, "Deploy", DateTimeOffset.UnixEpoch);

    [Test]
    public void A_lock_of_this_host_whose_process_runs_is_held()
    {
        Assert.That(LockJudgement.Judge(Holder("build-1"), "build-1", (_, _) => true), Is.EqualTo(LockState.Held));
    }

    [Test]
    public void A_lock_of_this_host_whose_process_is_gone_is_stale()
    {
        Assert.That(LockJudgement.Judge(Holder("build-1"), "build-1", (_, _) => false), Is.EqualTo(LockState.Stale));
    }

    [Test]
    public void A_lock_of_another_host_is_never_judged_by_its_pid()
    {
        var asked = false;

        var state = LockJudgement.Judge(Holder("build-2"), "build-1", (_, _) => asked = true);

        Assert.That(state, Is.EqualTo(LockState.OtherHost));
        Assert.That(asked, Is.False, "a PID of another machine says nothing about this one's processes");
    }

    [Test]
    public void An_unreadable_lock_is_never_judged_stale()
    {
        Assert.That(LockJudgement.Judge(null, "build-1", (_, _) => false), Is.EqualTo(LockState.Unreadable));
        Assert.That(LockJudgement.Judge(Holder(""), "build-1", (_, _) => false), Is.EqualTo(LockState.Unreadable));
    }

    [TestCase(LockState.Stale, false, false)]
    [TestCase(LockState.Stale, true, true)]
    [TestCase(LockState.OtherHost, false, false)]
    [TestCase(LockState.OtherHost, true, true)]
    [TestCase(LockState.Held, true, false)]
    [TestCase(LockState.Unreadable, true, false)]
    public void Only_force_unlock_breaks_a_lock_and_never_a_live_or_unreadable_one(LockState state, bool forceUnlock, bool breaks)
    {
        Assert.That(LockJudgement.MayBreak(state, forceUnlock), Is.EqualTo(breaks));
    }
}
