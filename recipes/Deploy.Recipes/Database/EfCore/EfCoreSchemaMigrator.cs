using System.Reflection;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Deploy.Recipes.Database.EfCore;

/// <summary>
/// Runs a release's EF Core migrations against one database with the app's own EF Core, one migration per
/// <c>IMigrator.Migrate(target)</c> call, so each runs in its own transaction whatever the EF Core version (EF Core 9
/// and later wrap a whole Migrate call in one). Down is EF Core's way: migrating to the previous migration's id, or
/// <c>0</c> before the first. A fresh DbContext serves each call and is disposed after it, with pooling off, so no
/// connection of the app's driver stays open on a clone the recipe then copies, compares or drops.
/// </summary>
internal sealed class EfCoreSchemaMigrator(EfCoreMigrations release, string provider, string connection) : ISchemaMigrator
{
    private readonly string _connection = WithoutPooling(provider, connection);

    /// <inheritdoc />
    public string HistoryTable => MigrationHistory.EfCoreTable;

    /// <inheritdoc />
    public bool HasHistory => MigrationHistory.TableExists(provider, connection, HistoryTable);

    /// <inheritdoc />
    public long CurrentVersion => Applied().Select(MigrationHistory.VersionOfEfCoreId).DefaultIfEmpty(0).Max();

    /// <inheritdoc />
    public IReadOnlyList<MigrationInfo> Pending()
    {
        var applied = Applied().ToHashSet(StringComparer.Ordinal);
        return release.Migrations.Where(m => !applied.Contains(m.Id!)).ToList();
    }

    /// <inheritdoc />
    public void UpTo(long version)
    {
        var before = CurrentVersion;
        foreach (var migration in Pending().Where(m => m.Version <= version))
            Step(migration, migration.Id!, "up", before);
    }

    /// <inheritdoc />
    public void DownTo(long version)
    {
        var before = CurrentVersion;
        var applied = Applied().ToHashSet(StringComparer.Ordinal);
        var reverting = release.Migrations.Where(m => m.Version > version && applied.Contains(m.Id!)).Reverse().ToList();
        foreach (var migration in reverting)
        {
            var previous = release.Migrations.LastOrDefault(m => m.Version < migration.Version);
            Step(migration, previous?.Id ?? "0", "down", before);
        }
    }

    /// <inheritdoc />
    public void MarkApplied(long upTo)
    {
        if (release.Migrations.All(m => m.Version != upTo))
            throw new ArgumentException(
                $"Migration {upTo} is not one of the release's EF Core migrations ({string.Join(", ", release.Migrations)}); nothing was marked.", nameof(upTo));
        var applied = HasHistory ? Applied().ToHashSet(StringComparer.Ordinal) : [];
        var missing = release.Migrations.Where(m => m.Version <= upTo && !applied.Contains(m.Id!)).Select(m => m.Id!).ToList();
        WithContext(context => release.Api.RecordApplied(context, missing));
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private IReadOnlyList<string> Applied() => WithContext(context => release.Api.AppliedMigrations(context));

    private void Step(MigrationInfo migration, string target, string direction, long before)
    {
        try
        {
            WithContext(context => release.Api.Migrate(context, target));
        }
        catch (Exception failure) when (failure is not Hosting.RecipeUsageException)
        {
            var cause = failure is TargetInvocationException { InnerException: { } inner } ? inner : failure;
            long after;
            try
            {
                after = CurrentVersion;
            }
            catch (Exception)
            {
                after = -1;
            }

            throw new MigrationFailedException(
                $"Migration {migration} failed {direction}; the database stays at version {(after < 0 ? "(unreadable)" : after.ToString())} (it was {before}). {MigrationFailure.OneLine(cause)}",
                cause);
        }
    }

    private T WithContext<T>(Func<object, T> use)
    {
        using var scope = release.EnterLoadContext();
        var context = release.NewContext(provider, _connection);
        try
        {
            return use(context);
        }
        finally
        {
            ((IDisposable)context).Dispose();
        }
    }

    private void WithContext(Action<object> use) => WithContext<bool>(context =>
    {
        use(context);
        return true;
    });

    private static string WithoutPooling(string provider, string connection) => provider switch
    {
        "sqlite" => new SqliteConnectionStringBuilder(connection) { Pooling = false }.ToString(),
        "postgres" => new NpgsqlConnectionStringBuilder(connection) { Pooling = false }.ToString(),
        _ => throw new ArgumentException($"Database provider '{provider}' is not supported: use sqlite or postgres."),
    };
}
