using System.Text.RegularExpressions;

namespace Deploy.Recipes.Database.Postgres;

/// <summary>
/// Removes passwords from text that may end up in an exception or a log: the known password values themselves,
/// <c>Password=...</c> / <c>Pwd=...</c> pairs of connection strings and the password part of
/// <c>postgres://user:password@host</c> URIs.
/// </summary>
internal static partial class SecretRedactor
{
    public const string Mask = "***";

    public static string Redact(string? text, params string?[] secrets)
    {
        if (string.IsNullOrEmpty(text))
            return text ?? "";
        var redacted = text;
        // Longest first, so a password that contains another one is masked whole.
        foreach (var secret in secrets.Where(s => !string.IsNullOrEmpty(s)).Distinct().OrderByDescending(s => s!.Length))
            redacted = redacted.Replace(secret!, Mask, StringComparison.Ordinal);
        redacted = PasswordPair().Replace(redacted, m => m.Groups["key"].Value + "=" + Mask);
        redacted = UriPassword().Replace(redacted, m => m.Groups["head"].Value + Mask + "@");
        return redacted;
    }

    [GeneratedRegex(@"(?<key>\b(?:password|pwd))\s*=\s*(?:""[^""]*""|'[^']*'|[^;\r\n]*)", RegexOptions.IgnoreCase)]
    private static partial Regex PasswordPair();

    [GeneratedRegex(@"(?<head>\b[a-z][a-z0-9+.-]*://[^:/@\s]+:)[^@\s]*@", RegexOptions.IgnoreCase)]
    private static partial Regex UriPassword();
}
