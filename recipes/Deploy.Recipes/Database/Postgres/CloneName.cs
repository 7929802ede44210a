using System.Text.RegularExpressions;

namespace Deploy.Recipes.Database.Postgres;

/// <summary>
/// The name of a staging clone database: lower-case letters, digits and underscores, starting with a letter or an
/// underscore, at most 63 bytes (PostgreSQL's identifier limit), and never one of the server's own databases.
/// Such a name needs no quoting anywhere, in SQL or on a tool's command line.
/// </summary>
internal static partial class CloneName
{
    private static readonly string[] Reserved = ["postgres", "template0", "template1"];

    /// <summary>Returns <paramref name="name"/> when it is a valid clone name; throws naming it otherwise.</summary>
    public static string Validate(string? name)
    {
        if (string.IsNullOrEmpty(name))
            throw new ArgumentException("The clone name is empty: give a name of lower-case letters, digits and underscores (for example \"shop_staging\").", nameof(name));
        if (!Pattern().IsMatch(name))
            throw new ArgumentException($"The clone name \"{name}\" is not valid: use only lower-case letters, digits and underscores, starting with a letter or an underscore, at most 63 characters.", nameof(name));
        if (Reserved.Contains(name))
            throw new ArgumentException($"The clone name \"{name}\" is one of PostgreSQL's own databases; choose another name.", nameof(name));
        return name;
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex Pattern();
}
