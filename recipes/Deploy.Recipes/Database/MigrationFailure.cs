namespace Deploy.Recipes.Database;

/// <summary>How a migration's failure is told in one line, whichever engine ran it.</summary>
internal static class MigrationFailure
{
    /// <summary>Every distinct message of the exception chain (the statement, the database's error), on one line.</summary>
    public static string OneLine(Exception failure)
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
