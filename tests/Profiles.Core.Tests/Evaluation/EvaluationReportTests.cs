// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Xunit;

namespace Profiles.Core.Tests;

public class EvaluationReportTests
{
    [Fact]
    public async Task ToHtml_HasOneSvgPerMetric_TheNumbers_AndNothingExternal()
    {
        EvaluationReport report = await TwoSystemReport();
        string html = report.ToHtml();

        Assert.StartsWith("<!DOCTYPE html>", html, System.StringComparison.Ordinal);
        Assert.Equal(EvaluationReport.Metrics.Count, Regex.Count(html, "<svg "));
        Assert.Equal(EvaluationReport.Metrics.Count, Regex.Count(html, "</svg>"));
        foreach (RankingMetric metric in EvaluationReport.Metrics)
        {
            Assert.Contains($"<figcaption>{report.Label(metric)}</figcaption>", html, System.StringComparison.Ordinal);
            foreach (SystemEvaluation system in report.Systems)
            {
                ConfidenceInterval v = system.Metrics[metric];
                string shown = $"{v.Estimate:F4} [{v.Lower:F4}, {v.Upper:F4}]";
                Assert.Contains(shown, html, System.StringComparison.Ordinal);
            }
        }

        // Self-contained: no scheme, no link, no script, no stylesheet import; names are escaped.
        foreach (string external in new[] { "http:", "https:", "//", "src=", "href=", "<script", "url(", "@import", "<link" })
        {
            Assert.DoesNotContain(external, html, System.StringComparison.OrdinalIgnoreCase);
        }

        Assert.Contains("oracle &lt;&amp;&gt;", html, System.StringComparison.Ordinal);
        Assert.DoesNotContain("oracle <&>", html, System.StringComparison.Ordinal);
    }

    [Fact]
    public async Task ToJson_CarriesMetricsComparisonsAndOptionallyPerUserValues()
    {
        EvaluationReport report = await TwoSystemReport();
        using JsonDocument json = JsonDocument.Parse(report.ToJson());
        JsonElement root = json.RootElement;

        Assert.Equal(5, root.GetProperty("cutoff").GetInt32());
        Assert.Equal("MinOfKAndRelevant", root.GetProperty("mapNormalization").GetString());
        Assert.Equal("RandomPerUser", root.GetProperty("split").GetProperty("kind").GetString());
        JsonElement oracle = root.GetProperty("systems")[1];
        Assert.Equal("oracle <&>", oracle.GetProperty("name").GetString());
        Assert.Equal(report.Systems[1].Metrics[RankingMetric.Ndcg].Estimate, oracle.GetProperty("metrics").GetProperty("ndcg").GetProperty("estimate").GetDouble());
        Assert.Equal(report.Systems[1].Metrics[RankingMetric.HitRate].Lower, oracle.GetProperty("metrics").GetProperty("hitRate").GetProperty("lower").GetDouble());
        Assert.Equal(7, root.GetProperty("comparisons").GetArrayLength());
        Assert.True(root.GetProperty("comparisons")[2].GetProperty("excludesZero").GetBoolean());
        Assert.False(root.TryGetProperty("users", out _));
        Assert.False(oracle.TryGetProperty("perUser", out _));

        using JsonDocument full = JsonDocument.Parse(report.ToJson(includePerUser: true));
        Assert.Equal(report.Users.Count, full.RootElement.GetProperty("users").GetArrayLength());
        double[] ndcg = full.RootElement.GetProperty("systems")[0].GetProperty("perUser").GetProperty("ndcg").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(report.Systems[0].PerUser(RankingMetric.Ndcg).ToArray(), ndcg);
    }

    [Fact]
    public async Task ToText_AlignsColumnsAndNamesTheSettings()
    {
        EvaluationReport report = await TwoSystemReport();
        string text = report.ToText();

        Assert.Contains("K = 5; MAP divides by min(K, positives); 95% percentile bootstrap intervals over users (B = 200, seed 42)", text, System.StringComparison.Ordinal);
        Assert.Contains("oracle <&> - popularity", text, System.StringComparison.Ordinal);
        string[] lines = text.Split('\n');
        string header = lines.First(l => l.StartsWith("metric ", System.StringComparison.Ordinal));
        int column = header.IndexOf("popularity", System.StringComparison.Ordinal);
        foreach (RankingMetric metric in EvaluationReport.Metrics)
        {
            string row = lines.First(l => l.StartsWith(report.Label(metric) + " ", System.StringComparison.Ordinal));
            Assert.Equal($"{report.Systems[0].Metrics[metric].Estimate:F4}", row.Substring(column, 6));
        }

        Assert.Equal(text, report.ToString());
    }

    private static async Task<EvaluationReport> TwoSystemReport()
    {
        EvaluationSplit split = EvaluatorTests.OracleWorld(30);
        IRankingSystem oracle = EvaluatorTests.Oracle();
        IRankingSystem named = RankingSystem.Create("oracle <&>", (s, u, k) => EvaluatorTests.Oracle().RankAsync(s, [u], k).Result[0]);
        return await new Evaluator(new EvaluatorOptions { Cutoff = 5, BootstrapSamples = 200 }).EvaluateAsync(split, [new PopularityRankingSystem(), named]);
    }
}
