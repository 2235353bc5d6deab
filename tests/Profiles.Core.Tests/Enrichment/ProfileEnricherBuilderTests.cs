// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Profiles.Core.Tests;

public sealed class ProfileEnricherBuilderTests
{
    private static readonly ItemCatalog s_catalog = EnrichmentData.Catalog();

    [Fact]
    public async Task Build_FirstUseIsOutermost()
    {
        var order = new List<string>();
        IProfileEnricher enricher = new ExtractiveProfileEnricher().AsBuilder()
            .Use(inner => new RecordingEnricher(inner, "outer", order))
            .Use((inner, _) => new RecordingEnricher(inner, "inner", order))
            .Build();

        EnrichmentResult result = await enricher.EnrichAsync(EnrichmentData.Request(1, s_catalog));

        Assert.Equal(["outer", "inner"], order);
        Assert.Equal(EnrichmentOutcome.Enriched, result.Outcome);
        Assert.IsType<RecordingEnricher>(enricher);
        Assert.NotNull(enricher.GetService<ExtractiveProfileEnricher>());
        Assert.Equal("extractive", enricher.GetService<ProfileEnricherMetadata>()?.ProviderName);
    }

    [Fact]
    public void Builder_NullArguments_Throw()
    {
        Assert.Throws<ArgumentNullException>("innerEnricher", () => new ProfileEnricherBuilder((IProfileEnricher)null!));
        Assert.Throws<ArgumentNullException>("innerEnricherFactory", () => new ProfileEnricherBuilder((Func<IServiceProvider, IProfileEnricher>)null!));
        var builder = new ExtractiveProfileEnricher().AsBuilder();
        Assert.Throws<ArgumentNullException>("enricherFactory", () => builder.Use((Func<IProfileEnricher, IProfileEnricher>)null!));
        Assert.Throws<InvalidOperationException>(() => builder.Use(_ => null!).Build());
    }

    [Fact]
    public async Task UseLogging_PayloadsOnlyAtTrace()
    {
        var debug = new ListLogger(LogLevel.Debug);
        var trace = new ListLogger(LogLevel.Trace);
        var client = TestChatClient.Answering(EnrichmentData.ValidAnswer());
        foreach (ListLogger logger in new[] { debug, trace })
        {
            var options = new ChatProfileEnricherOptions(client) { Vocabulary = EnrichmentData.Vocabulary };
            using IProfileEnricher enricher = new ChatProfileEnricher(options, logger).AsBuilder().UseLogging(logger).Build();
            await enricher.EnrichAsync(EnrichmentData.Request(1, s_catalog));
        }

        string summary = "Reads books and listens to music";
        Assert.Contains(debug.Entries, e => e.Message.Contains("Enriched", StringComparison.Ordinal));
        Assert.DoesNotContain(debug.Entries, e => e.Message.Contains(summary, StringComparison.Ordinal) || e.Message.Contains("vocabulary", StringComparison.Ordinal));
        Assert.Contains(trace.Entries, e => e.Level == LogLevel.Trace && e.Message.Contains(summary, StringComparison.Ordinal));
        Assert.Contains(trace.Entries, e => e.Level == LogLevel.Trace && e.Message.Contains("\"vocabulary\"", StringComparison.Ordinal));
        Assert.All(trace.Entries.Where(e => e.Message.Contains(summary, StringComparison.Ordinal)), e => Assert.Equal(LogLevel.Trace, e.Level));
    }

    [Fact]
    public async Task ChatPipeline_UseOpenTelemetry_RecordsAnActivityPerCall()
    {
        const string source = "Profiles.Core.Tests.Enrichment";
        var activities = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == source,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activities.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        var inner = TestChatClient.Answering(EnrichmentData.ValidAnswer());
        using IChatClient client = inner.AsBuilder().UseOpenTelemetry(sourceName: source).Build();
        using var enricher = new ChatProfileEnricher(new ChatProfileEnricherOptions(client) { Vocabulary = EnrichmentData.Vocabulary });

        EnrichmentBatchResult batch = await enricher.EnrichBatchAsync([EnrichmentData.Request(1, s_catalog), EnrichmentData.Request(2, s_catalog, firstItem: 3)]);

        Assert.Equal(2, batch.Report.Enriched);
        Assert.Equal(2, activities.Count);
        Assert.All(activities, a => Assert.StartsWith("chat", a.DisplayName, StringComparison.Ordinal));
        Assert.All(activities, a => Assert.DoesNotContain(a.TagObjects, t => t.Value is string s && s.Contains("Anna", StringComparison.Ordinal)));
    }

    private sealed class RecordingEnricher(IProfileEnricher inner, string name, List<string> order) : DelegatingProfileEnricher(inner)
    {
        public override Task<EnrichmentResult> EnrichAsync(EnrichmentRequest request, EnrichmentOptions? options = null, CancellationToken cancellationToken = default)
        {
            order.Add(name);
            return base.EnrichAsync(request, options, cancellationToken);
        }
    }
}
