using System.Globalization;
using Deploy.Recipes.Hosting;

namespace Deploy.Recipes.Health;

/// <summary>
/// One smoke check, written <c>PATH[=STATUS][~BODY]</c>: GET <see cref="Path"/> must answer <see cref="Status"/> (any
/// 2xx when none is given) and, when <see cref="BodyFragment"/> is given, a body that contains it. Redirects are not
/// followed, so <c>/=302</c> checks the redirect itself.
/// </summary>
/// <param name="Text">The check as written, for messages.</param>
/// <param name="Path">The path to GET, starting with '/'.</param>
/// <param name="Status">The exact status expected; null means any 2xx.</param>
/// <param name="BodyFragment">Text the body must contain (compared ordinally, quotes included); null means any body.</param>
public sealed record SmokeCheck(string Text, string Path, int? Status, string? BodyFragment)
{
    /// <summary>The form a check is written in, for error messages.</summary>
    public const string Form = "PATH[=STATUS][~BODY], for example /health/ready, /=302 or /openapi/v1.json=200~\"openapi\"";

    /// <summary>How many bytes of a failing answer's body a message quotes.</summary>
    public const int QuotedBodyBytes = 200;

    /// <summary>What an answer must be, in words: "2xx", "302", "200 with a body containing \"openapi\"".</summary>
    public string Expectation =>
        (Status?.ToString(CultureInfo.InvariantCulture) ?? "2xx") + (BodyFragment == null ? "" : $" with a body containing {BodyFragment}");

    /// <summary>Parses one check; throws <see cref="RecipeUsageException"/> naming the bad check and the valid form.</summary>
    public static SmokeCheck Parse(string text)
    {
        var written = text.Trim();
        var tilde = written.IndexOf('~');
        var head = tilde >= 0 ? written[..tilde] : written;
        string? body = null;
        if (tilde >= 0)
        {
            body = written[(tilde + 1)..];
            if (body.Length == 0)
                throw Bad(written, "nothing follows '~'");
        }

        int? status = null;
        var equals = head.LastIndexOf('=');
        if (equals >= 0)
        {
            var suffix = head[(equals + 1)..];
            if (suffix.Length > 0 && suffix.All(char.IsAsciiDigit))
            {
                status = int.Parse(suffix, CultureInfo.InvariantCulture);
                if (status is < 100 or > 599)
                    throw Bad(written, $"status {suffix} is not an HTTP status (100-599)");
                head = head[..equals];
            }
            else if (!head[..equals].Contains('?'))
            {
                // An '=' outside a query string can only introduce the status.
                throw Bad(written, $"'{suffix}' after '=' is not a status such as 200 or 302");
            }
        }

        if (!head.StartsWith('/'))
            throw Bad(written, head.Length == 0 ? "the path is missing" : $"the path '{head}' does not start with '/'");
        return new SmokeCheck(written, head, status, body);
    }

    /// <summary>
    /// Judges one answer: null when it passes, else why not (the status, the first <see cref="QuotedBodyBytes"/> bytes
    /// of the body and the expectation).
    /// </summary>
    public string? Judge(int status, string reason, byte[] body)
    {
        var statusFits = Status is { } wanted ? status == wanted : status is >= 200 and <= 299;
        var bodyFits = BodyFragment == null || System.Text.Encoding.UTF8.GetString(body).Contains(BodyFragment, StringComparison.Ordinal);
        if (statusFits && bodyFits)
            return null;
        var quoted = System.Text.Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, QuotedBodyBytes));
        var more = body.Length > QuotedBodyBytes ? $" (first {QuotedBodyBytes} of {body.Length} bytes)" : "";
        return $"Smoke check {Text} failed: GET {Path} answered {status} {reason}, expected {Expectation}. Body{more}: {(quoted.Length == 0 ? "(empty)" : quoted)}";
    }

    private static RecipeUsageException Bad(string check, string why) =>
        new($"Smoke check '{check}' is not valid: {why}. Write each check as {Form}; separate checks with ';'.");
}
