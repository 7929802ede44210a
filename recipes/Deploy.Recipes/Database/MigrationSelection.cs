using Deploy.Recipes.Releases;

namespace Deploy.Recipes.Database;

/// <summary>How a release's migrations are to be found: the <c>migrations</c> and <c>db-context</c> settings.</summary>
/// <param name="Engine">The engine asked for; <see cref="MigrationEngine.Auto"/> decides by what the release references.</param>
/// <param name="DbContext">For EF Core: the DbContext whose migrations count (name or full name); empty when the app has one.</param>
public sealed record MigrationSelection(MigrationEngine Engine = MigrationEngine.Auto, string DbContext = "")
{
    /// <summary>The selection the settings make.</summary>
    public static MigrationSelection From(DeploySettings settings) => new(settings.Migrations, settings.DbContext);
}
