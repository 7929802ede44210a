namespace Deploy.Recipes.Database;

/// <summary>Which engine reads and runs a release's migrations (setting <c>migrations</c>).</summary>
public enum MigrationEngine
{
    /// <summary>Decided by what the release references: EF Core or FluentMigrator (both: name one).</summary>
    Auto,

    /// <summary>FluentMigrator migration classes in the app (<c>fluentmigrator</c>).</summary>
    FluentMigrator,

    /// <summary>EF Core migrations of one DbContext of the app (<c>efcore</c>), run with the app's own EF Core.</summary>
    EfCore,
}
