using FluentMigrator.Runner;
using FluentMigrator.Runner.Initialization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Deploy.Recipes.Database;

/// <summary>A migration that failed: which one, the statement and the database's error, for the one-line reason.</summary>
public sealed class MigrationFailedException(string message, Exception inner) : Exception(message, inner);

/// <summary>
/// Runs a release's migrations against one database with FluentMigrator's runner, each migration in its own
/// transaction, so a failure leaves the database at the last migration that succeeded.
/// </summary>
public sealed class SchemaMigrator : IDisposable
{
    private readonly ServiceProvider _services;
    private readonly IReadOnlyList<MigrationInfo> _migrations;

    /// <summary>A migrator for <paramref name="provider"/> (<c>sqlite</c> or <c>postgres</c>) at <paramref name="connection"/>.</summary>
    public SchemaMigrator(string provider, string connection, ReleaseMigrations release)
    {
        _migrations = release.Migrations;
        _services = new ServiceCollection()
            .AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance)
            .AddLogging()
            .AddFluentMigratorCore()
            .ConfigureRunner(runner =>
            {
                _ = provider switch
                {
                    "sqlite" => runner.AddSQLite(),
                    "postgres" => runner.AddPostgres(),
                    _ => throw new ArgumentException($"Database provider '{provider}' is not supported: use sqlite or postgres."),
                };
                runner.WithGlobalConnectionString(connection).ScanIn(release.Assembly).For.Migrations();
            })
            .Configure<RunnerOptions>(options => options.TransactionPerSession = false)
            .Configure<FluentMigrator.Runner.Initialization.TypeFilterOptions>(filter =>
            {
                filter.Namespace = release.Namespace;
                filter.NestedNamespaces = true;
            })
            .BuildServiceProvider(validateScopes: false);
    }

    /// <summary>The newest applied migration's version (0 when none is).</summary>
    public long CurrentVersion
    {
        get
        {
            var loader = _services.GetRequiredService<FluentMigrator.Runner.IVersionLoader>();
            loader.LoadVersionInfo();
            return loader.VersionInfo.Latest();
        }
    }

    /// <summary>The migrations of the release not yet applied, oldest first.</summary>
    public IReadOnlyList<MigrationInfo> Pending()
    {
        var loader = _services.GetRequiredService<FluentMigrator.Runner.IVersionLoader>();
        loader.LoadVersionInfo();
        return _migrations.Where(m => !loader.VersionInfo.HasAppliedMigration(m.Version)).ToList();
    }

    /// <summary>Applies migrations up to and including <paramref name="version"/>.</summary>
    public void UpTo(long version) => Run(version, up: true);

    /// <summary>Reverts migrations newer than <paramref name="version"/>.</summary>
    public void DownTo(long version) => Run(version, up: false);

    /// <inheritdoc />
    public void Dispose() => _services.Dispose();

    private void Run(long version, bool up)
    {
        var runner = _services.GetRequiredService<IMigrationRunner>();
        var before = CurrentVersion;
        try
        {
            if (up)
                runner.MigrateUp(version);
            else
                runner.MigrateDown(version);
        }
        catch (Exception failure)
        {
            var after = CurrentVersion;
            var failed = up
                ? _migrations.FirstOrDefault(m => m.Version > after && m.Version <= version)
                : _migrations.LastOrDefault(m => m.Version <= after && m.Version > version);
            var root = failure;
            while (root.InnerException != null && root.Message.Length == 0)
                root = root.InnerException;
            throw new MigrationFailedException(
                $"Migration {failed?.ToString() ?? "(unknown)"} failed {(up ? "up" : "down")}; the database stays at version {after} (it was {before}). {OneLine(failure)}",
                failure);
        }
    }

    private static string OneLine(Exception failure)
    {
        var messages = new List<string>();
        for (var e = failure; e != null; e = e.InnerException)
        {
            if (!messages.Contains(e.Message))
                messages.Add(e.Message);
        }

        return string.Join(" ", messages).ReplaceLineEndings(" ").Replace("  ", " ");
    }
}
