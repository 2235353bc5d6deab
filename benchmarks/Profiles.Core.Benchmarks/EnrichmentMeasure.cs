// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Diagnostics;
using System.Globalization;
using System.Threading.Tasks;

namespace Profiles.Core.Benchmarks;

/// <summary>
/// <c>enrich [profiles]</c>: one process run that prints the profiles/s of <see cref="ChatProfileEnricher"/> with a chat
/// client that answers instantly (the enricher's own overhead), and of <see cref="ExtractiveProfileEnricher"/>, with the
/// batch's default concurrency. <see cref="EnrichmentBenchmarks"/> gives the BenchmarkDotNet figure.
/// </summary>
public static class EnrichmentMeasure
{
    public static int Run(string[] args) => RunAsync(args).GetAwaiter().GetResult();

    private static async Task<int> RunAsync(string[] args)
    {
        int profiles = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5000;
        ItemCatalog catalog = EnrichmentData.Catalog();
        EnrichmentRequest[] requests = EnrichmentData.Requests(profiles, catalog);
        using var chat = new ChatProfileEnricher(new ChatProfileEnricherOptions(new EnrichmentData.InstantChatClient()) { Vocabulary = EnrichmentData.Vocabulary });
        var extractive = new ExtractiveProfileEnricher(new ExtractiveProfileEnricherOptions { Vocabulary = EnrichmentData.Vocabulary });
        Console.WriteLine($"{profiles:N0} profiles, {Environment.ProcessorCount} cores");
        for (int round = 0; round < 3; round++)
        {
            var sw = Stopwatch.StartNew();
            EnrichmentBatchResult batch = await chat.EnrichBatchAsync(requests).ConfigureAwait(false);
            double chatSeconds = sw.Elapsed.TotalSeconds;
            sw.Restart();
            EnrichmentBatchResult baseline = await extractive.EnrichBatchAsync(requests).ConfigureAwait(false);
            double extractiveSeconds = sw.Elapsed.TotalSeconds;
            Console.WriteLine($"round {round}: chat {profiles / chatSeconds:N0} profiles/s ({batch.Report.Enriched:N0} enriched, " +
                $"{batch.Report.Fallback:N0} fallback, {batch.Report.RedactedSpans:N0} spans redacted); extractive {profiles / extractiveSeconds:N0} profiles/s " +
                $"({baseline.Report.Enriched:N0} enriched)");
        }

        return 0;
    }
}
