using FluentMigrator.Runner;
using FluentMigrator.Runner.Initialization;
using FluentMigrator.Runner.Processors;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Deploy.Recipes.Database.Fluent;

/// <summary>
/// Runs a release's FluentMigrator migrations against one database with FluentMigrator's runner, each migration in
/// its own transaction, so a failure leaves the database at the last migration that succeeded.
/// </summary>
public sealed class FluentMigratorSchemaMigrator : ISchemaMigrator
{
    private readonly ServiceProvider _services;
    private readonly IReadOnlyList<MigrationInfo> _migrations;
    private readonly string _provider;
    private readonly string _connection;

    /// <summary>A migrator for <paramref name="provider"/> (<c>sqlite</c> or <c>postgres</c>) at <paramref name="connection"/>.</summary>
    public FluentMigratorSchemaMigrator(string provider, string connection, FluentMigratorMigrations release)
    {
        _provider = provider;
        _connection = connection;
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

    /// <inheritdoc />
    public string HistoryTable => MigrationHistory.FluentMigratorTable;

    /// <inheritdoc />
    public bool HasHistory => MigrationHistory.TableExists(_provider, _connection, HistoryTable);

    /// <inheritdoc />
    public long CurrentVersion => LoadedVersions().Latest();

    /// <inheritdoc />
    public IReadOnlyList<MigrationInfo> Pending()
    {
        var applied = LoadedVersions();
        return _migrations.Where(m => !applied.HasAppliedMigration(m.Version)).ToList();
    }

    /// <inheritdoc />
    public void UpTo(long version) => Run(version, up: true);

    /// <inheritdoc />
    public void DownTo(long version) => Run(version, up: false);

    /// <inheritdoc />
    public void MarkApplied(long upTo)
    {
        if (_migrations.All(m => m.Version != upTo))
            throw new ArgumentException(
                $"Migration {upTo} is not one of the release's migrations ({string.Join(", ", _migrations)}); nothing was marked.", nameof(upTo));
        var loader = _services.GetRequiredService<IVersionLoader>();
        loader.LoadVersionInfo();
        var missing = _migrations.Where(m => m.Version <= upTo && !loader.VersionInfo.HasAppliedMigration(m.Version)).ToList();
        var processor = _services.GetRequiredService<IProcessorAccessor>().Processor;
        // All or nothing: a half-marked history would leave a baseline that is neither the old state nor the new.
        processor.BeginTransaction();
        try
        {
            foreach (var migration in missing)
                loader.UpdateVersionInfo(migration.Version, migration.Name);
            processor.CommitTransaction();
        }
        catch
        {
            processor.RollbackTransaction();
            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _services.Dispose();

    // FluentMigrator creates VersionInfo here when it is missing, as it always has before a migration runs.
    private FluentMigrator.Runner.Versioning.IVersionInfo LoadedVersions()
    {
        var loader = _services.GetRequiredService<IVersionLoader>();
        loader.LoadVersionInfo();
        return loader.VersionInfo;
    }

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
            throw new MigrationFailedException(
                $"Migration {failed?.ToString() ?? "(unknown)"} failed {(up ? "up" : "down")}; the database stays at version {after} (it was {before}). {MigrationFailure.OneLine(failure)}",
                failure);
        }
    }
}
