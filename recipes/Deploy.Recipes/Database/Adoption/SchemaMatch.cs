namespace Deploy.Recipes.Database.Adoption;

/// <summary>
/// Whether an existing database's schema is what a release's migrations create: the judgement Baseline makes before
/// it records those migrations as applied. Pure: it compares two snapshots and names every difference.
/// </summary>
/// <param name="OnlyInDatabase">Schema facts the database has that the migrations do not create.</param>
/// <param name="MissingFromDatabase">Schema facts the migrations create that the database lacks.</param>
public sealed record SchemaMatch(IReadOnlyList<string> OnlyInDatabase, IReadOnlyList<string> MissingFromDatabase)
{
    /// <summary>How many differences <see cref="Describe"/> names before it only counts the rest.</summary>
    public const int Shown = 25;

    /// <summary>True when the two schemas are the same.</summary>
    public bool Matches => OnlyInDatabase.Count == 0 && MissingFromDatabase.Count == 0;

    /// <summary>
    /// Compares the existing database's schema with the one the migrations create. Runs of white space count as one
    /// space (a view or trigger written by hand and the same one written by a migration differ only in layout).
    /// </summary>
    public static SchemaMatch Compare(SchemaSnapshot database, SchemaSnapshot migrations)
    {
        var existing = database.Lines.Select(Normalize).ToHashSet(StringComparer.Ordinal);
        var expected = migrations.Lines.Select(Normalize).ToHashSet(StringComparer.Ordinal);
        return new SchemaMatch(
            existing.Except(expected).Order(StringComparer.Ordinal).ToList(),
            expected.Except(existing).Order(StringComparer.Ordinal).ToList());
    }

    /// <summary>
    /// The differences, one line each: a fact both sides have in another form (same kind and name, for example one
    /// column) is one line saying what each has; the rest say which side has them. At most <see cref="Shown"/> lines,
    /// then how many more.
    /// </summary>
    public IReadOnlyList<string> Describe()
    {
        var lines = new List<string>();
        var missing = MissingFromDatabase.ToList();
        foreach (var fact in OnlyInDatabase)
        {
            var subject = Subject(fact);
            var counterpart = subject == null ? null : missing.FirstOrDefault(m => Subject(m) == subject);
            if (counterpart != null)
            {
                missing.Remove(counterpart);
                lines.Add($"{subject}: the database has '{fact[(subject!.Length + 1)..]}', the migrations create '{counterpart[(subject.Length + 1)..]}'");
            }
            else
            {
                lines.Add($"only in the database: {fact}");
            }
        }

        lines.AddRange(missing.Select(m => $"missing from the database: {m}"));
        return lines.Count <= Shown ? lines : [.. lines.Take(Shown), $"... and {lines.Count - Shown} more difference(s)"];
    }

    // "column products.name TEXT not null ..." is about "column products.name": the kind and the name of what a fact describes.
    private static string? Subject(string fact)
    {
        var parts = fact.Split(' ', 3);
        return parts.Length == 3 && parts[0] == "column" ? parts[0] + " " + parts[1] : null;
    }

    private static string Normalize(string line) => string.Join(' ', line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
