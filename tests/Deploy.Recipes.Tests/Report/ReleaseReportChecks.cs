using Deploy.Recipes.Tests.Support;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Report;

/// <summary>
/// Checks of the release report that end-to-end tests run after a release they made, so no Deploy is spent on the report
/// alone: the report Deploy wrote by itself, then a real <c>./build.sh --target=Report</c> into a GitHub Actions job
/// summary, and the page rendered in headless Chromium with charts showing the run's errors.
/// </summary>
internal static class ReleaseReportChecks
{
    /// <summary>The report file of <paramref name="version"/> in <paramref name="environment"/>'s repository.</summary>
    public static string HtmlOf(TestEnvironment environment, string version) =>
        Path.Combine(environment.Repository, "artifacts", $"release-report-{environment.Name}-{version}.html");

    /// <summary>
    /// After a release of <paramref name="version"/> that failed and was switched back under customer load: Deploy wrote
    /// its report; <c>--target=Report</c> writes it again and appends its Markdown to the job summary; its error-rate
    /// chart rises above 0 and the customers' line (all slots) ends back at 0.
    /// </summary>
    public static async Task FailedReleaseAsync(TestEnvironment environment, string version)
    {
        var html = HtmlOf(environment, version);
        Assert.That(File.Exists(html), Is.True, "Deploy writes the report of a release that failed");
        var written = File.GetLastWriteTimeUtc(html);

        using var folder = new TemporaryFolder("deploy-summary-");
        var summary = folder.Combine("step-summary.md");
        await File.WriteAllTextAsync(summary, "# An earlier step\n");
        var report = ProcessRun.Start(Path.Combine(environment.Repository, "build.sh"), ["--target=Report", $"--release={version}", $"--environment={environment.Name}"],
            environment.Repository, new Dictionary<string, string> { ["GITHUB_STEP_SUMMARY"] = summary, ["GITHUB_ACTIONS"] = "true" }, TimeSpan.FromMinutes(3));

        Assert.That(report.ExitCode, Is.EqualTo(0), report.All);
        Assert.That(File.GetLastWriteTimeUtc(html), Is.GreaterThan(written));
        var markdown = await File.ReadAllTextAsync(Path.ChangeExtension(html, ".md"));
        Assert.That(await File.ReadAllTextAsync(summary), Is.EqualTo("# An earlier step\n" + markdown + "\n").Or.EqualTo("# An earlier step\n" + markdown),
            "the job summary gets the Markdown appended");
        Assert.That(markdown, Does.StartWith($"## Release {version} in {environment.Name}: switched-back"));
        Assert.That(markdown, Does.Match(@"\| Audit trail head \| record \d+, hash [0-9a-f]{64} \|"), "the report pins the audit trail as VerifyAudit prints its head");

        await using var browser = await HeadlessChromium.StartAsync();
        var page = await browser.OpenAsync(new Uri(html).AbsoluteUri);
        var lines = await page.EvaluateAsync<List<Line>>(
            "[...document.querySelectorAll('svg[data-chart=\"error-rate\"] polyline')].map(p => ({ series: p.dataset.series, peak: +p.dataset.peak, last: +p.dataset.last, points: p.points.length }))");
        Assert.That(page.Errors, Is.Empty);
        Assert.That(lines.Max(l => l.Peak), Is.GreaterThan(0), "the error rate rose: " + string.Join("; ", lines));
        Assert.That(lines.Single(l => l.Series == "all").Last, Is.Zero, "and fell back once traffic was back on the previous release");
    }

    private sealed record Line(string Series, double Peak, double Last, int Points);
}
