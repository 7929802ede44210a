namespace Deploy.Recipes.Health;

/// <summary>
/// Tells an app that has no endpoint at the ready path from one that is still starting: a running app that answers
/// 404 there, and nothing but 404, for <see cref="Patience"/> will not start answering 2xx however long it is given,
/// so the wait fails within seconds instead of at <c>ready-timeout</c>, saying how to fix it.
/// </summary>
public static class MissingReadyPath
{
    /// <summary>How long an unbroken run of 404s must last before the path counts as missing.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Since when the ready path has answered only 404, after an answer with <paramref name="status"/> (null: no
    /// answer, such as a refused connection) observed at <paramref name="now"/>; null when the run is broken.
    /// </summary>
    public static TimeSpan? Streak(TimeSpan? notFoundSince, int? status, TimeSpan now) =>
        status == 404 ? notFoundSince ?? now : null;

    /// <summary>True when the 404s since <paramref name="notFoundSince"/> have lasted <see cref="Patience"/> at <paramref name="now"/>.</summary>
    public static bool IsMissing(TimeSpan? notFoundSince, TimeSpan now) => notFoundSince is { } since && now - since >= Patience;

    /// <summary>The failure: what was seen and the two ways to fix it.</summary>
    public static string Explain(string readyPath, string who) =>
        $"{who} answers 404 Not Found on its ready path {readyPath} (only 404 for {Patience.TotalSeconds:0} s while it runs): the app has no endpoint there, " +
        $"so waiting longer would not help. Either map a health check in the app (ASP.NET Core: builder.Services.AddHealthChecks(); then " +
        $"app.MapHealthChecks(\"{readyPath}\");), or set ready-path to a path the app already answers with 2xx " +
        "(for example --ready-path=/ or ready-path=/healthz under [Deploy] in cake.config).";
}
