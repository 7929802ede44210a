namespace Deploy.Recipes.Database;

/// <summary>
/// A backup restored beside the live database, not yet in its place: it can be read (its schema checked) while the
/// live database is untouched. <see cref="Replace"/> puts it in place in one atomic step; disposing without replacing
/// removes it and leaves the live database as it was.
/// </summary>
public interface IStagedRestore : IDisposable
{
    /// <summary>A connection string to the staged copy, for reading it before it replaces the live database.</summary>
    string Connection { get; }

    /// <summary>How this engine stages and swaps, for the audit (for example "restored into shop_restoring, swapped by rename").</summary>
    string Method { get; }

    /// <summary>Replaces the live database with the staged copy, all at once: on failure the live database is unchanged.</summary>
    void Replace();
}
