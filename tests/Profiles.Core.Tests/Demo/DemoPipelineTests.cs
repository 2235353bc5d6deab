// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Profiles.Demo;
using Xunit;
using Xunit.Abstractions;

namespace Profiles.Core.Tests;

/// <summary>The demo's whole pipeline at a small size (1,500 persons): world, ingestion, identity, profiles, extractive
/// enrichment, fusion, ranking, evaluation with intervals, cold start, examples and reports.</summary>
[Trait("Category", "Integration")]
public sealed class DemoPipelineTests(ITestOutputHelper output)
{
    private static readonly string s_output = Path.Combine(Path.GetTempPath(), "profiles-demo-tests-" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static readonly Lazy<Task<DemoPipeline>> s_run = new(() => DemoPipeline.RunAsync(new DemoOptions
    {
        Persons = 1_500,
        Seed = 42,
        BootstrapSamples = 200,
        Output = s_output,
        Tune = true,
    }));

    [Fact]
    public async Task RunAsync_SmallWorld_IngestionAccountsForEveryRow()
    {
        DemoPipeline run = await s_run.Value;
        IngestionReport report = run.Clean!.Report;
        Assert.True(report.IsBalanced);
        Assert.Equal(run.RawEvents.Count, report.Read);
        Assert.Equal(run.Clean.Events.Count, report.Accepted);

        // Every planted bot is caught, and no more rows are rejected than were planted dirty (duplicates are merged).
        Assert.Equal(run.World!.GroundTruth.BotAccounts.Count, report.BotAccounts.Count);
        Assert.True(report.Rejected + report.Merged <= run.World.GroundTruth.DirtyRows.Count, $"{report.Rejected + report.Merged} > {run.World.GroundTruth.DirtyRows.Count}");
    }

    [Fact]
    public async Task RunAsync_SmallWorld_IdentityPrecisionAndRecall()
    {
        DemoPipeline run = await s_run.Value;
        IdentityScores scores = run.IdentityScores!;
        output.WriteLine($"precision {scores.Precision:F4}, recall {scores.Recall:F4}, F1 {scores.F1:F4}, persons {scores.FoundPersons} found / {scores.TruePersons} true");
        Assert.True(scores.Precision > 0.95, $"precision {scores.Precision:F4}");

        // The bar: recall above 0.95. This world (the demo's default seed 42 at 1,500 persons) measured 0.9554 with
        // the resolver's short forms, city aliases and e-mail names (identity benchmark); the result is deterministic, but
        // the margin is small and other seeds at this size give 0.9483, 0.9379, 0.9469 and 0.9563 (seeds 1, 7, 1234, 2026):
        // docs/identity.md measures a strict linkable ceiling of about 0.954 at 10,000 and 100,000 persons, so a change that
        // costs recall here fails this test, as it should.
        Assert.True(scores.Recall > 0.95, $"recall {scores.Recall:F4}");
    }

    [Fact]
    public async Task RunAsync_SmallWorld_EnrichmentOutcomesAllAccountedFor()
    {
        DemoPipeline run = await s_run.Value;
        EnrichmentReport report = run.Enrichment!.Report;
        int profiles = run.Model!.Profiles.Count;
        Assert.Equal(profiles, report.Total);
        Assert.Equal(profiles, run.Enrichment.Results.Count);
        Assert.Equal(report.Total, report.Enriched + report.FromCache + report.Fallback);
        Assert.Equal(report.Fallback, Enum.GetValues<EnrichmentFallbackReason>().Sum(report.FallbacksBy));

        // Extractive enrichment only falls back for persons without a positively weighted catalogued item.
        Assert.Equal(report.Fallback, report.FallbacksBy(EnrichmentFallbackReason.NoHistory));
        Assert.True(report.Enriched > profiles * 0.9, $"only {report.Enriched} of {profiles} enriched");
        Assert.All(run.Enrichment.Results, r => Assert.Equal(r.Outcome == EnrichmentOutcome.Enriched, r.Profile.Insight is not null));
    }

    [Fact]
    public async Task RunAsync_SmallWorld_EveryProfileIsFusedOrKeepsItsBehaviour()
    {
        DemoPipeline run = await s_run.Value;
        ProfileFuserResult fusion = run.Fusion!;
        int rank = fusion.Model.Factors.Rank;
        Assert.Equal(run.Model!.Profiles.Count, fusion.Fused + fusion.WithoutText);
        Assert.Equal(run.Enrichment!.Report.Enriched, fusion.Fused);
        if (run.Tuning!.Best.IsBehaviourOnly)
        {
            // No fused setting beat behaviour alone on validation (a legitimate outcome of tuning, which depends on the
            // persons identity resolution finds): fusion leaves every behaviour vector as it is, with nothing to descend.
            Assert.Equal(fusion.MeanInitialLoss, fusion.MeanFinalLoss);
        }
        else
        {
            Assert.True(fusion.MeanFinalLoss < fusion.MeanInitialLoss, $"{fusion.MeanFinalLoss} >= {fusion.MeanInitialLoss}");
        }

        foreach (UserProfile profile in fusion.Model.Profiles)
        {
            Assert.Equal(rank, profile.FusedVector.Length);
            Assert.All(profile.FusedVector.ToArray(), v => Assert.True(float.IsFinite(v)));
            if (profile.Insight is null)
            {
                Assert.True(profile.TextVector.IsEmpty);
                Assert.Equal(profile.BehaviourVector.ToArray(), profile.FusedVector.ToArray());
            }
            else
            {
                Assert.Equal(rank, profile.TextVector.Length);
            }
        }
    }

    [Fact]
    public async Task RunAsync_SmallWorld_MetricsAreFiniteAndAlsBeatsPopularity()
    {
        DemoPipeline run = await s_run.Value;
        foreach (EvaluationReport report in new[] { run.Evaluation!, run.ColdStartEvaluation! })
        {
            output.WriteLine(report.ToText());
            Assert.True(report.Users.Count > 100, $"{report.Users.Count} test users");
            foreach (SystemEvaluation system in report.Systems)
            {
                Assert.Equal(0, system.TrainingItemsRecommended);
                foreach ((RankingMetric metric, ConfidenceInterval ci) in system.Metrics)
                {
                    Assert.True(double.IsFinite(ci.Estimate) && double.IsFinite(ci.Lower) && double.IsFinite(ci.Upper), $"{system.Name} {metric}");
                    Assert.True(ci.Lower <= ci.Estimate + 1e-12 && ci.Estimate <= ci.Upper + 1e-12, $"{system.Name} {metric}: {ci}");
                    Assert.InRange(ci.Estimate, 0, metric == RankingMetric.Coverage ? 10 : 1);
                }
            }

            SystemComparison gain = report.Comparisons.Single(c =>
                c.Baseline == DemoPipeline.PopularitySystem && c.Candidate == DemoPipeline.BehaviourSystem && c.Metric == RankingMetric.Ndcg);
            Assert.True(gain.Difference.Lower > 0, $"ALS over popularity: {gain.Difference}");
        }

        // The shuffled control loses most of the fused system's quality: the gain over popularity is personalisation.
        SystemComparison control = run.Evaluation!.Comparisons.Single(c =>
            c.Baseline == DemoPipeline.FusedSystem && c.Candidate == DemoPipeline.ShuffledSystem && c.Metric == RankingMetric.Ndcg);
        Assert.True(control.Difference.Upper < 0, $"shuffled minus fused: {control.Difference}");
    }

    [Fact]
    public async Task RunAsync_SmallWorld_TunedFusionIsNotSignificantlyWorseThanBehaviourOnly()
    {
        DemoPipeline run = await s_run.Value;
        FusionTuningResult tuning = run.Tuning!;
        output.WriteLine($"warm: best {tuning.Best}; behaviour {tuning.BehaviourNdcg:F4}");

        // The behaviour-only setting is always a candidate, so the tuned setting never scores below it on validation,
        // and when it is chosen the fused vectors are exactly the behaviour vectors.
        Assert.True(tuning.Best.Ndcg >= tuning.BehaviourNdcg, $"{tuning.Best.Ndcg} < {tuning.BehaviourNdcg}");
        Assert.Equal(tuning.Best.Ndcg > tuning.BehaviourNdcg, !tuning.Best.IsBehaviourOnly);
        Assert.Equal(tuning.Best.TextPrior, run.FuserOptions.TextPriorItems);
        if (tuning.Best.IsBehaviourOnly)
        {
            Assert.All(run.Fusion!.Model.Profiles, p => Assert.Equal(p.BehaviourVector.ToArray(), p.FusedVector.ToArray()));
        }

        // On the test window the tuned fusion is not significantly worse than behaviour alone (the untuned alpha 1 was:
        // -0.0186 [-0.0201, -0.0172] NDCG@10 at 20,000 persons).
        SystemComparison warm = run.Evaluation!.Comparisons.Single(c =>
            c.Baseline == DemoPipeline.BehaviourSystem && c.Candidate == DemoPipeline.FusedSystem && c.Metric == RankingMetric.Ndcg);
        output.WriteLine($"warm: fused - behaviour {warm.Difference}");
        Assert.True(warm.Difference.Upper >= 0, $"fused minus behaviour only: {warm.Difference}");
        SystemComparison cold = run.ColdStartEvaluation!.Comparisons.Single(c =>
            c.Baseline == DemoPipeline.BehaviourSystem && c.Candidate == DemoPipeline.FusedSystem && c.Metric == RankingMetric.Ndcg);
        output.WriteLine($"cold start: fused - behaviour {cold.Difference}; tuned {run.ColdStartTuning!.Best}");
        Assert.True(cold.Difference.Upper >= 0, $"cold start fused minus behaviour only: {cold.Difference}");
    }

    [Fact]
    public async Task RunAsync_SmallWorld_ExamplesAndReports()
    {
        DemoPipeline run = await s_run.Value;
        Assert.Equal(2, run.Examples.Count);
        foreach (ExamplePerson example in run.Examples)
        {
            Assert.Equal(1, example.TruePersons);
            Assert.NotNull(example.Profile.Insight);
            Assert.Equal(5, example.Recommendations.Count);
            Assert.Equal(5, example.Recommendations.Select(r => r.Item).Distinct().Count());
            Assert.All(example.Recommendations, r => Assert.False(string.IsNullOrWhiteSpace(r.Explanation)));
            ReadOnlySpan<InteractionEvent> history = run.Fusion!.Model.EventsOf(example.Profile.Person);
            var seen = history.ToArray().Select(e => new ItemKey(e.Platform, e.Item)).ToHashSet();
            Assert.All(example.Recommendations, r => Assert.DoesNotContain(r.Item, seen));
        }

        Assert.Equal(4, run.Files.Count);
        Assert.All(run.Files, f => Assert.True(File.Exists(f), f));
        string html = File.ReadAllText(run.Files.Single(f => f.EndsWith("evaluation.html", StringComparison.Ordinal)));
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        Assert.Contains(DemoPipeline.FusedSystem, html, StringComparison.Ordinal);
    }
}
