// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace Profiles.Core.Tests;

public sealed class EnrichmentReportTests
{
    private static readonly UserProfile s_profile = new(new PersonId(0));

    private static readonly Gen<EnrichmentResult> s_result =
        from outcome in Gen.Elements(EnrichmentOutcome.Enriched, EnrichmentOutcome.FromCache, EnrichmentOutcome.Fallback)
        from reason in Gen.Elements(Enum.GetValues<EnrichmentFallbackReason>().Where(r => r != EnrichmentFallbackReason.None).ToArray())
        from calls in Gen.Choose(0, 5)
        from tokens in Gen.Choose(0, 1000)
        select new EnrichmentResult(s_profile, outcome)
        {
            FallbackReason = outcome == EnrichmentOutcome.Fallback ? reason : EnrichmentFallbackReason.None,
            Calls = calls,
            InputTokens = tokens,
        };

    [Property(MaxTest = 100)]
    public Property Record_AnyResults_TotalsAddUp() => Prop.ForAll(Gen.ArrayOf(s_result).ToArbitrary(), results =>
    {
        var report = new EnrichmentReport();
        foreach (EnrichmentResult result in results)
        {
            report.Record(result);
        }

        int byReason = Enum.GetValues<EnrichmentFallbackReason>().Sum(report.FallbacksBy);
        return (report.Total == results.Length && report.Total == report.Enriched + report.FromCache + report.Fallback &&
            report.Fallback == byReason && report.Calls == results.Sum(r => r.Calls) && report.InputTokens == results.Sum(r => r.InputTokens))
            .Label($"total {report.Total}, enriched {report.Enriched}, cache {report.FromCache}, fallback {report.Fallback}, by reason {byReason}");
    });

    [Fact]
    public void Record_InconsistentResult_Throws()
    {
        var report = new EnrichmentReport();
        Assert.Throws<ArgumentException>("result", () => report.Record(new EnrichmentResult(s_profile, EnrichmentOutcome.Fallback)));
        Assert.Throws<ArgumentException>("result", () => report.Record(new EnrichmentResult(s_profile, EnrichmentOutcome.Enriched)
        {
            FallbackReason = EnrichmentFallbackReason.Timeout,
        }));
        Assert.Equal(0, report.Total);
        Assert.Contains("0 profiles", report.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Budget_Reservations_NeverPassTheLimits()
    {
        var budget = new EnrichmentBudget(maxCalls: 3, maxTokens: 250);
        Assert.True(budget.TryReserve(100));
        budget.Commit(100, 40);
        Assert.True(budget.TryReserve(100));
        Assert.True(budget.TryReserve(100));
        Assert.False(budget.TryReserve(1));
        Assert.True(budget.IsExhausted);
        Assert.Equal(3, budget.CallsUsed);
        Assert.Equal(240, budget.TokensUsed);
        Assert.Throws<ArgumentOutOfRangeException>("maxCalls", () => new EnrichmentBudget(maxCalls: -1));
    }
}
