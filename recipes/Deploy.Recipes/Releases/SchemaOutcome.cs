namespace Deploy.Recipes.Releases;

/// <summary>
/// What a rollback did to the database, in the history (<see cref="ReleaseRecord.Schema"/>) and as the outcome of the
/// audit step <c>Rollback/schema</c>. Kept apart from "succeeded": an app rolled back onto a newer schema is a
/// different state from one whose schema came back too, and an operator must be able to tell them apart later.
/// </summary>
public static class SchemaOutcome
{
    /// <summary>The newer release's migrations were reverted (proved lossless on a clone, backup first).</summary>
    public const string RolledBack = "schema-rolled-back";

    /// <summary>The schema stayed on the newer version: a migration is forward-only, or its Down would lose data.</summary>
    public const string NoSchemaRollback = "no-schema-rollback";

    /// <summary>The schema already was the release's (nothing to revert).</summary>
    public const string Unchanged = "schema-unchanged";

    /// <summary>The release needed migrations the database lacked; they were applied (backup first) before the switch.</summary>
    public const string Migrated = "schema-migrated";
}
