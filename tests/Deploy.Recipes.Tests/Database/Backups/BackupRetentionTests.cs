using Deploy.Recipes.Database.Backups;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Database.Backups;

public sealed class BackupRetentionTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    private static BackupRecord Backup(int hour, string reason = BackupReason.BeforeMigrate) =>
        new($"b{hour:00}.db", Start.AddHours(hour), "production", "sqlite", 1, reason, 100);

    [Test]
    public void Pruning_keeps_the_newest_by_recorded_time_whatever_the_order_given()
    {
        var backups = new[] { Backup(3), Backup(1), Backup(4), Backup(2) };

        var removed = BackupRetention.ToRemove(backups, keep: 2);

        Assert.That(removed.Select(b => b.File), Is.EquivalentTo(new[] { "b01.db", "b02.db" }));
    }

    [Test]
    public void Pruning_never_removes_the_safety_backup_of_the_last_restore()
    {
        var backups = new[] { Backup(1), Backup(2, BackupReason.BeforeRestore), Backup(3), Backup(4), Backup(5) };

        var removed = BackupRetention.ToRemove(backups, keep: 2);

        Assert.That(removed.Select(b => b.File), Is.EquivalentTo(new[] { "b01.db", "b03.db" }));
    }

    [Test]
    public void Pruning_removes_older_safety_backups_beyond_the_count()
    {
        var backups = new[] { Backup(1, BackupReason.BeforeRestore), Backup(2, BackupReason.BeforeRestore), Backup(3) };

        var removed = BackupRetention.ToRemove(backups, keep: 1);

        Assert.That(removed.Select(b => b.File), Is.EqualTo(new[] { "b01.db" }));
    }

    [Test]
    public void Keeping_fewer_than_one_backup_is_refused()
    {
        Assert.That(() => BackupRetention.ToRemove([Backup(1)], keep: 0), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }
}
