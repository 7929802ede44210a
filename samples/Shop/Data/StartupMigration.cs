using FluentMigrator.Runner;
using Microsoft.Data.Sqlite;

namespace Shop.Data;

/// <summary>
/// Brings the schema up to date when the shop starts, for development and the shop's own tests
/// (<c>Shop:MigrateOnStartup</c>, default true). Deployed by Deploy.Recipes with a database declared, the recipe
/// rehearses and applies the migrations itself and turns this off, so releases never race to migrate.
/// </summary>
public static class StartupMigration
{
    public static void Run(ShopDatabase database)
    {
        var file = new SqliteConnectionStringBuilder(database.ConnectionString).DataSource;
        // Two shops starting together on one file would both try to apply the same migration: a lock file next to the
        // database lets one migrate while the other waits, then finds nothing left to do.
        using var turn = TakeTurn(Path.GetFullPath(file) + ".migrate.lock");
        using var services = new ServiceCollection()
            .AddFluentMigratorCore()
            .ConfigureRunner(runner => runner.AddSQLite().WithGlobalConnectionString(database.ConnectionString).ScanIn(typeof(StartupMigration).Assembly).For.Migrations())
            .BuildServiceProvider();
        services.GetRequiredService<IMigrationRunner>().MigrateUp();
    }

    private static FileStream TakeTurn(string lockFile)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                return new FileStream(lockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(50);
            }
        }
    }
}
