using System.Globalization;
using Deploy.Recipes.Audit.Report;
using Deploy.Recipes.Tests.Support;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Report;

/// <summary>
/// The report page of the scripted release (error rate 0 -> 40 % -> 0) rendered in Debian's headless Chromium: it renders
/// without errors and loads nothing, every chart has geometry, and the numbers read back from the drawing are the run's.
/// </summary>
[NonParallelizable]
public sealed class ReleaseReportBrowserTests
{
    private HeadlessChromium _browser = null!;
    private TemporaryFolder _folder = null!;
    private BrowserPage _page = null!;

    [OneTimeSetUp]
    public async Task RenderTheReport()
    {
        _folder = new TemporaryFolder("deploy-report-");
        var file = _folder.Combine("release-report.html");
        await File.WriteAllTextAsync(file, HtmlReportWriter.Write(ScriptedRelease.Report()));
        _browser = await HeadlessChromium.StartAsync();
        _page = await _browser.OpenAsync(new Uri(file).AbsoluteUri);
    }

    [OneTimeTearDown]
    public async Task CloseTheBrowser()
    {
        if (_browser != null)
            await _browser.DisposeAsync();
        _folder?.Dispose();
    }

    [Test]
    public void The_page_renders_without_errors_and_loads_nothing_else()
    {
        Assert.That(_page.Errors, Is.Empty);
        Assert.That(_page.OtherRequests, Is.Empty, "the page is self-contained");
    }

    [Test]
    public async Task Every_chart_has_geometry()
    {
        var boxes = await _page.EvaluateAsync<List<ChartBox>>(
            "[...document.querySelectorAll('svg[data-chart]')].map(s => { const b = s.getBBox(); const r = s.getBoundingClientRect(); " +
            "return { chart: s.dataset.chart, width: b.width, height: b.height, shownWidth: r.width, lines: s.querySelectorAll('polyline').length }; })");

        Assert.That(boxes.Select(b => b.Chart), Is.EqualTo(new[] { "requests", "error-rate", "p99", "weights" }));
        Assert.That(boxes, Has.All.Matches<ChartBox>(b => b.Width > 100 && b.Height > 100 && b.ShownWidth > 100 && b.Lines >= 2));
    }

    [Test]
    public async Task The_error_rate_chart_shows_the_peak_of_the_run_in_its_label_and_its_drawing()
    {
        var chart = await ChartAsync("error-rate");

        var green = chart.Lines.Single(l => l.Series == "green");
        Assert.That(green.Label, Is.EqualTo("green peak 40 %"));
        Assert.That(chart.YMaxLabel, Is.EqualTo("50 %"));
        Assert.That(green.Values, Is.EqualTo(new[] { 0, 0, 0, 40.0, 0 }).Within(0.05), "read back from the points' coordinates");
        Assert.That(green.Seconds, Is.EqualTo(new[] { 3.0, 4, 5, 6, 7 }).Within(0.01));
    }

    [Test]
    public async Task The_latency_and_traffic_charts_show_the_numbers_of_the_run()
    {
        var p99 = (await ChartAsync("p99")).Lines.Single(l => l.Series == "green");
        var requests = (await ChartAsync("requests")).Lines.Single(l => l.Series == "all");
        var weights = (await ChartAsync("weights")).Lines.Single(l => l.Series == "green");

        Assert.That(p99.Label, Is.EqualTo("green peak 99.5 ms"));
        Assert.That(p99.Values.Max(), Is.EqualTo(99.5).Within(0.1));
        Assert.That(requests.Values, Is.EqualTo(new[] { 50.0, 50, 100, 100, 100, 100, 100, 50, 50, 50 }).Within(0.1));
        Assert.That(weights.Values, Is.EqualTo(new[] { 0.0, 0, 100, 100, 100, 100, 100, 0, 0, 0, 0 }).Within(0.1));
    }

    [Test]
    public async Task The_tables_show_what_the_audit_recorded()
    {
        var outcome = await _page.EvaluateAsync<string>("document.querySelector('[data-outcome]').textContent");
        var checks = await _page.EvaluateAsync<string>("document.querySelector('table[data-section=checks]').innerText");

        Assert.That(outcome, Is.EqualTo("switched-back"));
        Assert.That(checks, Does.Contain("error rate 40 % > 5 % over 100 requests"));
    }

    [Test]
    public async Task The_browser_check_sees_a_page_error_a_console_error_and_a_resource_from_elsewhere()
    {
        var file = _folder.Combine("broken.html");
        await File.WriteAllTextAsync(file,
            "<!DOCTYPE html><html><body><img src=\"http://127.0.0.1:9/missing.png\"><script>console.error('bad'); throw new Error('boom');</script></body></html>");

        var page = await _browser.OpenAsync(new Uri(file).AbsoluteUri);

        Assert.That(page.Errors, Has.Some.Contains("boom"));
        Assert.That(page.Errors, Has.Some.StartsWith("console.error"));
        Assert.That(page.Errors, Has.Some.StartsWith("load failed"));
        Assert.That(page.OtherRequests, Is.EqualTo(new[] { "http://127.0.0.1:9/missing.png" }));
    }

    // The chart as the browser has it: its scale from the data attributes, each line's points converted back to values.
    private async Task<ChartReading> ChartAsync(string id)
    {
        var raw = await _page.EvaluateAsync<RawChart>(
            $"(() => {{ const s = document.querySelector('svg[data-chart=\"{id}\"]'); const d = s.dataset; " +
            "return { yMax: +d.yMax, xMax: +d.xMax, left: +d.plotLeft, top: +d.plotTop, width: +d.plotWidth, height: +d.plotHeight, " +
            "yMaxLabel: [...s.querySelectorAll('text.y-label')].at(-1).textContent, " +
            "lines: [...s.querySelectorAll('polyline')].map(p => ({ series: p.dataset.series, " +
            "points: [...p.points].map(q => [q.x, q.y]), " +
            "label: [...s.querySelectorAll('text.peak')].find(t => t.dataset.series === p.dataset.series).textContent })) }; })()");
        return new ChartReading(raw.YMaxLabel, raw.Lines.Select(l => new LineReading(
            l.Series, l.Label,
            l.Points.Select(p => (raw.Top + raw.Height - p[1]) / raw.Height * raw.YMax).ToList(),
            l.Points.Select(p => (p[0] - raw.Left) / raw.Width * raw.XMax).ToList())).ToList());
    }

    private sealed record ChartBox(string Chart, double Width, double Height, double ShownWidth, int Lines);

    private sealed record RawChart(double YMax, double XMax, double Left, double Top, double Width, double Height, string YMaxLabel, List<RawLine> Lines);

    private sealed record RawLine(string Series, List<double[]> Points, string Label);

    private sealed record ChartReading(string YMaxLabel, List<LineReading> Lines);

    private sealed record LineReading(string Series, string Label, List<double> Values, List<double> Seconds);
}
