using System.Globalization;
using System.Text;
using static System.Net.WebUtility;

namespace Deploy.Recipes.Audit.Report;

/// <summary>
/// Writes a <see cref="ReleaseReport"/> as one self-contained HTML page: inline CSS, inline SVG charts, no script and no
/// external resource, so it opens from a CI artifact or an e-mail as it is. Every chart carries its scale and every line
/// its peak and last value as data attributes (<c>data-y-max</c>, <c>data-peak</c>, ...), and each line's peak is
/// labelled in the picture.
/// </summary>
public static class HtmlReportWriter
{
    private static readonly string[] Colors = ["#1f77b4", "#2ca02c", "#d62728", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"];

    private const string Style = """
        body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2em auto;max-width:1100px;color:#1b1f24;padding:0 1em}
        h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.2em;margin-top:1.6em;border-bottom:1px solid #d0d7de;padding-bottom:.2em}
        table{border-collapse:collapse;width:100%;font-size:.9em}th,td{border:1px solid #d0d7de;padding:.3em .5em;text-align:left;vertical-align:top}
        th{background:#f6f8fa}td.num{text-align:right;white-space:nowrap}.outcome{font-weight:600}
        .failed,.switched-back,.rolled-back,.aborted,.fail,.error{color:#b42318}.succeeded,.passed,.pass,.promoted{color:#1a7f37}
        .charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(520px,1fr));gap:1em}figure{margin:0}
        figcaption{font-weight:600;margin-bottom:.3em}svg{background:#fff;border:1px solid #d0d7de;width:100%;height:auto}
        .axis{stroke:#57606a;stroke-width:1}.grid{stroke:#eaeef2;stroke-width:1}svg text{font-size:11px;fill:#57606a}
        svg text.peak{font-weight:600}.legend span{display:inline-block;margin-right:1em}.swatch{display:inline-block;width:.9em;height:.9em;margin-right:.3em;vertical-align:middle}
        .muted{color:#57606a}
        """;

    /// <summary>The page.</summary>
    public static string Write(ReleaseReport report)
    {
        var html = new StringBuilder();
        var title = $"Release {report.Version ?? report.Release} in {report.Environment}";
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(HtmlEncode(title)).Append("</title>\n<style>").Append(Style).Append("</style>\n</head>\n<body>\n");
        html.Append("<h1>").Append(HtmlEncode(title)).Append(": <span class=\"outcome ").Append(HtmlEncode(report.Outcome)).Append("\" data-outcome=\"")
            .Append(HtmlEncode(report.Outcome)).Append("\">").Append(HtmlEncode(report.Outcome)).Append("</span></h1>\n");

        Table(html, "summary", null, ["", ""], ReportSections.Summary(report), header: false);

        html.Append("<h2>What changed</h2>\n");
        var changes = ReportSections.Changes(report.Changes);
        if (changes.Count == 0)
            html.Append("<p class=\"muted\">Not recorded.</p>\n");
        else
            Table(html, "changes", null, ["", ""], changes, header: false);

        html.Append("<h2>Over the release</h2>\n<div class=\"charts\">\n");
        foreach (var chart in report.Charts)
            Chart(html, chart);
        html.Append("</div>\n<p class=\"muted\">Customers' requests as each host's edge counted them, about once a second; pauses between runs of more than ")
            .Append(TimelineSeries.LongestGap.TotalSeconds.ToString(CultureInfo.InvariantCulture)).Append(" s are drawn as ")
            .Append(TimelineSeries.GapDrawnAs.TotalSeconds.ToString(CultureInfo.InvariantCulture)).Append(" s.</p>\n");

        html.Append("<h2>Events</h2>\n");
        Table(html, "events", null, ["Time", "Event", "Who", "Summary"],
            report.Events.Select(e => new[] { ReportText.Time(e.TimeUtc), e.Kind, e.Actor, e.Summary }).ToList(), outcomeColumn: 1);
        html.Append("<h2>Steps</h2>\n");
        Steps(html, "steps", report.Steps);
        html.Append("<h2>Checks</h2>\n");
        Steps(html, "checks", report.Checks);
        html.Append("<h2>Migrations</h2>\n");
        if (report.Changes is { PendingMigrations.Count: > 0 } pending)
            html.Append("<p>Pending when the release started: ").Append(HtmlEncode(string.Join(", ", pending.PendingMigrations))).Append("</p>\n");
        Steps(html, "migrations", report.Migrations);
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    private static void Steps(StringBuilder html, string id, IReadOnlyList<ReportStep> steps)
    {
        if (steps.Count == 0)
        {
            html.Append("<p class=\"muted\" data-section=\"").Append(id).Append("\">None recorded.</p>\n");
            return;
        }

        Table(html, id, [4], ["Time", "Step", "Host", "Outcome", "Duration", "Details"],
            steps.Select(s => new[] { ReportText.Time(s.TimeUtc), s.Step, s.Host ?? "", s.Outcome, ReportText.Duration(s.DurationMs), s.Message ?? "" }).ToList(),
            outcomeColumn: 3);
    }

    private static void Table(StringBuilder html, string id, int[]? numeric, string[] headings, IReadOnlyList<string[]> rows, bool header = true, int? outcomeColumn = null)
    {
        html.Append("<table data-section=\"").Append(id).Append("\">\n");
        if (header)
        {
            html.Append("<tr>");
            foreach (var heading in headings)
                html.Append("<th>").Append(HtmlEncode(heading)).Append("</th>");
            html.Append("</tr>\n");
        }

        foreach (var row in rows)
        {
            html.Append("<tr>");
            for (var i = 0; i < row.Length; i++)
            {
                var cell = HtmlEncode(row[i]);
                if (!header && i == 0)
                    html.Append("<th>").Append(cell).Append("</th>");
                else if (i == outcomeColumn)
                    html.Append("<td class=\"outcome ").Append(cell).Append("\">").Append(cell).Append("</td>");
                else
                    html.Append(numeric?.Contains(i) == true ? "<td class=\"num\">" : "<td>").Append(cell).Append("</td>");
            }

            html.Append("</tr>\n");
        }

        html.Append("</table>\n");
    }

    private static void Chart(StringBuilder html, ReportChart chart)
    {
        var scale = ChartScale.For(chart.Peak, chart.Span, chart.Id == "weights" ? 100 : chart.Unit == "%" ? Math.Min(100, ChartScale.RoundUp(chart.Peak)) : null);
        string N(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
        html.Append("<figure>\n<figcaption>").Append(HtmlEncode(chart.Title)).Append(" (").Append(HtmlEncode(chart.Unit)).Append(")</figcaption>\n")
            .Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {N(ChartScale.Width)} {N(ChartScale.Height)}\" role=\"img\" ")
            .Append($"data-chart=\"{chart.Id}\" data-unit=\"{HtmlEncode(chart.Unit)}\" data-y-max=\"{N(scale.YMax)}\" data-x-max=\"{N(scale.XMax)}\" ")
            .Append($"data-plot-left=\"{N(ChartScale.Left)}\" data-plot-top=\"{N(ChartScale.Top)}\" data-plot-width=\"{N(ChartScale.PlotWidth)}\" data-plot-height=\"{N(ChartScale.PlotHeight)}\">\n")
            .Append("<title>").Append(HtmlEncode(chart.Title)).Append("</title>\n");

        // Grid and axes, labelled at 0, half and the maximum.
        var right = ChartScale.Left + ChartScale.PlotWidth;
        var bottom = ChartScale.Top + ChartScale.PlotHeight;
        foreach (var fraction in new[] { 0.5, 1.0 })
        {
            var y = scale.Y(scale.YMax * fraction);
            html.Append($"<line class=\"grid\" x1=\"{N(ChartScale.Left)}\" y1=\"{N(y)}\" x2=\"{N(right)}\" y2=\"{N(y)}\"/>\n");
        }

        html.Append($"<line class=\"axis\" x1=\"{N(ChartScale.Left)}\" y1=\"{N(ChartScale.Top)}\" x2=\"{N(ChartScale.Left)}\" y2=\"{N(bottom)}\"/>\n")
            .Append($"<line class=\"axis\" x1=\"{N(ChartScale.Left)}\" y1=\"{N(bottom)}\" x2=\"{N(right)}\" y2=\"{N(bottom)}\"/>\n");
        foreach (var fraction in new[] { 0.0, 0.5, 1.0 })
        {
            var value = scale.YMax * fraction;
            html.Append($"<text class=\"y-label\" data-value=\"{N(value)}\" x=\"{N(ChartScale.Left - 6)}\" y=\"{N(scale.Y(value) + 4)}\" text-anchor=\"end\">")
                .Append(HtmlEncode(ReportText.Value(value, chart.Unit))).Append("</text>\n");
        }

        html.Append($"<text class=\"x-label\" data-value=\"0\" x=\"{N(ChartScale.Left)}\" y=\"{N(bottom + 16)}\" text-anchor=\"start\">0 s</text>\n")
            .Append($"<text class=\"x-label\" data-value=\"{N(scale.XMax)}\" x=\"{N(right)}\" y=\"{N(bottom + 16)}\" text-anchor=\"end\">")
            .Append(HtmlEncode(ReportText.Number(scale.XMax))).Append(" s</text>\n")
            .Append($"<text x=\"{N(ChartScale.Left + ChartScale.PlotWidth / 2)}\" y=\"{N(bottom + 30)}\" text-anchor=\"middle\">seconds into the release</text>\n");

        if (chart.Series.All(s => s.Points.Count == 0))
            html.Append($"<text class=\"empty\" x=\"{N(ChartScale.Left + ChartScale.PlotWidth / 2)}\" y=\"{N(ChartScale.Top + ChartScale.PlotHeight / 2)}\" text-anchor=\"middle\">no samples</text>\n");

        for (var i = 0; i < chart.Series.Count; i++)
        {
            var series = chart.Series[i];
            if (series.Points.Count == 0)
                continue;
            var color = Colors[i % Colors.Length];
            var points = string.Join(" ", series.Points.Select(p => $"{N(scale.X(p.Seconds))},{N(scale.Y(p.Value))}"));
            html.Append($"<polyline fill=\"none\" stroke=\"{color}\" stroke-width=\"2\" data-series=\"{HtmlEncode(series.Name)}\" data-peak=\"{N(series.Peak)}\" data-last=\"{N(series.Last)}\" points=\"{points}\"/>\n");
            var peak = series.Points.First(p => p.Value == series.Peak);
            // Labels of several lines peaking at the same height are stacked, not drawn over each other; near the top
            // they go below the peak instead.
            var labelY = scale.Y(peak.Value) - 6 - 11 * i;
            if (labelY < 11)
                labelY = scale.Y(peak.Value) + 14 + 11 * i;
            html.Append($"<text class=\"peak\" data-series=\"{HtmlEncode(series.Name)}\" data-value=\"{N(series.Peak)}\" x=\"{N(Math.Min(scale.X(peak.Seconds), right - 4))}\" y=\"{N(labelY)}\" text-anchor=\"middle\" fill=\"{color}\">")
                .Append(HtmlEncode($"{series.Name} peak {ReportText.Value(series.Peak, chart.Unit)}")).Append("</text>\n");
        }

        html.Append("</svg>\n<div class=\"legend\">");
        for (var i = 0; i < chart.Series.Count; i++)
        {
            var series = chart.Series[i];
            html.Append($"<span><span class=\"swatch\" style=\"background:{Colors[i % Colors.Length]}\"></span>")
                .Append(HtmlEncode(series.Name));
            if (series.Versions.Count > 0)
                html.Append(" (").Append(HtmlEncode(ReportText.Versions(series.Versions))).Append(')');
            html.Append(": peak ").Append(HtmlEncode(ReportText.Value(series.Peak, chart.Unit))).Append(", last ")
                .Append(HtmlEncode(ReportText.Value(series.Last, chart.Unit))).Append("</span>");
        }

        html.Append("</div>\n</figure>\n");
    }
}
