// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;

namespace Profiles.Core.Benchmarks;

/// <summary>Parse + clean + weight from CSV in memory on one thread; the mean is per event (OperationsPerInvoke).</summary>
[MemoryDiagnoser]
public class IngestionBenchmarks
{
    private const int Events = 1_000_000;
    private string _csv = string.Empty;
    private float[] _weights = [];

    [GlobalSetup]
    public void Setup()
    {
        _csv = IngestionData.Csv(Events);
        _weights = new float[Events + 1];
    }

    [Benchmark(OperationsPerInvoke = Events)]
    public int ParseOnly()
    {
        int n = 0;
        foreach (InteractionEvent e in new CsvEventReader().Read(new StringReader(_csv), new IngestionReport()))
        {
            n += e.Kind.Value.Length;
        }

        return n;
    }

    [Benchmark(OperationsPerInvoke = Events)]
    public long ParseCleanWeigh()
    {
        var report = new IngestionReport();
        IEnumerable<InteractionEvent> events = new CsvEventReader().Read(new StringReader(_csv), report);
        CleanedEvents cleaned = new EventCleaner(new EventCleanerOptions { TimeProvider = new FixedClock() }).Clean(events, report);
        SignalWeights.Default.Weigh(cleaned.AsSpan(), IngestionData.Start.AddDays(30), _weights);
        return report.Accepted;
    }

    /// <summary>The fastest public path for CSV held in memory: one buffer, cleaned where it lies.</summary>
    [Benchmark(OperationsPerInvoke = Events)]
    public long ReadAllCleanInPlaceWeigh()
    {
        var report = new IngestionReport();
        EventBatch batch = new CsvEventReader().ReadAll(_csv, report);
        CleanedEvents cleaned = new EventCleaner(new EventCleanerOptions { TimeProvider = new FixedClock() }).CleanInPlace(batch, report);
        SignalWeights.Default.Weigh(cleaned.AsSpan(), IngestionData.Start.AddDays(30), _weights);
        return report.Accepted;
    }

    private sealed class FixedClock : System.TimeProvider
    {
        public override System.DateTimeOffset GetUtcNow() => IngestionData.Start.AddDays(60);
    }
}
