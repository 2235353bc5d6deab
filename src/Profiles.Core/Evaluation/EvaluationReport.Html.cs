// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Globalization;
using System.Net;
using System.Text;

namespace Profiles.Core;

/// <content>The HTML rendering.</content>
public sealed partial class EvaluationReport
{
    private const int ChartWidth = 760;
    private const int LabelWidth = 190;
    private const int BarWidth = 330;
    private const int RowHeight = 30;
    private const int AxisHeight = 28;

    private static readonly string[] s_colors = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#9c755f"];

    /// <summary>
    /// Renders the report as one self-contained HTML page: the settings, a horizontal bar chart per metric (inline SVG)
    /// with each system's value and its confidence interval drawn as a whisker, the table of values, and the
    /// comparisons. It loads nothing from elsewhere and needs no script, so it can be mailed or archived as is.
    /// </summary>
    /// <returns>The HTML document.</returns>
    public string ToHtml()
    {
        var html = new StringBuilder();
        html.AppendLine("<!DOCTYPE html>");
        html.AppendLine("<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Evaluation report</title>");
        html.AppendLine("<style>body{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:60em}" +
            "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:right}" +
            "th:first-child,td:first-child{text-align:left}figure{margin:1.5em 0}figcaption{font-weight:600;margin-bottom:.3em}" +
            ".note{color:#555}.warn{color:#a40}svg text{font-family:system-ui,sans-serif;font-size:12px}</style></head><body>");
        html.AppendLine("<h1>Evaluation report</h1>");
        html.AppendLine(CultureInfo.InvariantCulture, $"<p>{Encode(Split.Description)}.</p>");
        html.AppendLine(CultureInfo.InvariantCulture,
            $"<p class=\"note\">{Count(Split.Events)} events: {Count(Split.TrainEvents)} train, {Count(Split.TestEvents)} held out; " +
            $"{Count(Split.TestUsers)} of {Count(Split.Users)} users evaluated with {Count(Split.TestPositives)} positives; catalogue {Count(CatalogSize)} items. " +
            $"K = {Cutoff.ToString(CultureInfo.InvariantCulture)}; {MapNote}. Bars are values over the evaluated users; whiskers are " +
            $"{Level} percentile bootstrap intervals (B = {Count(BootstrapSamples)}, seed {Seed.ToString(CultureInfo.InvariantCulture)}).</p>");
        foreach (SystemEvaluation system in Systems)
        {
            if (system.TrainingItemsRecommended > 0)
            {
                html.AppendLine(CultureInfo.InvariantCulture,
                    $"<p class=\"warn\">{Encode(system.Name)} recommended {Count(system.TrainingItemsRecommended)} training items to {Count(system.UsersWithTrainingItems)} users (never counted as hits).</p>");
            }
        }

        html.AppendLine("<h2>Metrics</h2>");
        foreach (RankingMetric metric in s_metrics)
        {
            AppendChart(html, metric);
        }

        html.AppendLine("<h2>Values</h2><table><tr><th>metric</th>");
        foreach (SystemEvaluation system in Systems)
        {
            html.Append(CultureInfo.InvariantCulture, $"<th>{Encode(system.Name)}</th>");
        }

        html.AppendLine("</tr>");
        foreach (RankingMetric metric in s_metrics)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{Encode(Label(metric))}</td>");
            foreach (SystemEvaluation system in Systems)
            {
                ConfidenceInterval v = system.Metrics[metric];
                html.Append(CultureInfo.InvariantCulture, $"<td>{Number(v.Estimate)} [{Number(v.Lower)}, {Number(v.Upper)}]</td>");
            }

            html.AppendLine("</tr>");
        }

        html.AppendLine("</table>");
        if (Comparisons.Count > 0)
        {
            html.AppendLine(CultureInfo.InvariantCulture, $"<h2>Comparisons</h2><p class=\"note\">Paired bootstrap over users: candidate minus baseline, {Level} interval.</p>");
            html.AppendLine("<table><tr><th>metric</th><th>candidate - baseline</th><th>difference</th><th>interval</th><th>excludes 0</th></tr>");
            foreach (SystemComparison c in Comparisons)
            {
                html.AppendLine(CultureInfo.InvariantCulture,
                    $"<tr><td>{Encode(Label(c.Metric))}</td><td>{Encode(c.Candidate)} - {Encode(c.Baseline)}</td><td>{Signed(c.Difference.Estimate)}</td>" +
                    $"<td>[{Signed(c.Difference.Lower)}, {Signed(c.Difference.Upper)}]</td><td>{(c.Difference.ExcludesZero ? "yes" : "no")}</td></tr>");
            }

            html.AppendLine("</table>");
        }

        html.AppendLine("</body></html>");
        return html.ToString();
    }

    private void AppendChart(StringBuilder html, RankingMetric metric)
    {
        double max = 0;
        foreach (SystemEvaluation system in Systems)
        {
            ConfidenceInterval v = system.Metrics[metric];
            max = Math.Max(max, Math.Max(v.Estimate, v.Upper));
        }

        max = NiceCeiling(max);
        int height = (Systems.Count * RowHeight) + AxisHeight + 8;
        string label = Encode(Label(metric));
        html.AppendLine(CultureInfo.InvariantCulture, $"<figure><figcaption>{label}</figcaption>");
        html.AppendLine(CultureInfo.InvariantCulture,
            $"<svg width=\"{ChartWidth}\" height=\"{height}\" viewBox=\"0 0 {ChartWidth} {height}\" role=\"img\" aria-label=\"{label} by system with {Level} intervals\">");
        for (int s = 0; s < Systems.Count; s++)
        {
            ConfidenceInterval v = Systems[s].Metrics[metric];
            double top = 4 + (s * RowHeight);
            double mid = top + 10;
            html.AppendLine(CultureInfo.InvariantCulture,
                $"<text x=\"{LabelWidth - 8}\" y=\"{Px(mid + 4)}\" text-anchor=\"end\">{Encode(Systems[s].Name)}</text>");
            html.AppendLine(CultureInfo.InvariantCulture,
                $"<rect x=\"{LabelWidth}\" y=\"{Px(top)}\" width=\"{Px(Scale(v.Estimate, max))}\" height=\"20\" fill=\"{s_colors[s % s_colors.Length]}\"><title>{Encode(Systems[s].Name)}: {Number(v.Estimate)}</title></rect>");
            double lo = LabelWidth + Scale(v.Lower, max);
            double hi = LabelWidth + Scale(v.Upper, max);
            html.AppendLine(CultureInfo.InvariantCulture,
                $"<g stroke=\"#222\" stroke-width=\"1.5\"><line x1=\"{Px(lo)}\" y1=\"{Px(mid)}\" x2=\"{Px(hi)}\" y2=\"{Px(mid)}\"/>" +
                $"<line x1=\"{Px(lo)}\" y1=\"{Px(mid - 6)}\" x2=\"{Px(lo)}\" y2=\"{Px(mid + 6)}\"/><line x1=\"{Px(hi)}\" y1=\"{Px(mid - 6)}\" x2=\"{Px(hi)}\" y2=\"{Px(mid + 6)}\"/></g>");
            html.AppendLine(CultureInfo.InvariantCulture,
                $"<text x=\"{LabelWidth + BarWidth + 12}\" y=\"{Px(mid + 4)}\">{Number(v.Estimate)} [{Number(v.Lower)}, {Number(v.Upper)}]</text>");
        }

        double axis = 4 + (Systems.Count * RowHeight);
        html.AppendLine(CultureInfo.InvariantCulture,
            $"<line x1=\"{LabelWidth}\" y1=\"{Px(axis)}\" x2=\"{LabelWidth + BarWidth}\" y2=\"{Px(axis)}\" stroke=\"#888\"/>");
        for (int t = 0; t <= 4; t++)
        {
            double value = max * t / 4;
            double x = LabelWidth + Scale(value, max);
            html.AppendLine(CultureInfo.InvariantCulture,
                $"<line x1=\"{Px(x)}\" y1=\"{Px(axis)}\" x2=\"{Px(x)}\" y2=\"{Px(axis + 4)}\" stroke=\"#888\"/><text x=\"{Px(x)}\" y=\"{Px(axis + 17)}\" text-anchor=\"middle\">{value.ToString("0.###", CultureInfo.InvariantCulture)}</text>");
        }

        html.AppendLine("</svg></figure>");
    }

    private static double Scale(double value, double max) => Math.Clamp(value / max, 0, 1) * BarWidth;

    /// <summary>Returns the smallest of 1, 2, 2.5, 5 times a power of ten at or above <paramref name="value"/> (1 for 0).</summary>
    private static double NiceCeiling(double value)
    {
        if (!(value > 0))
        {
            return 1;
        }

        double power = Math.Pow(10, Math.Floor(Math.Log10(value)));
        foreach (double step in new[] { 1, 2, 2.5, 5, 10 })
        {
            if (step * power >= value)
            {
                return step * power;
            }
        }

        return 10 * power;
    }

    private static string Px(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
