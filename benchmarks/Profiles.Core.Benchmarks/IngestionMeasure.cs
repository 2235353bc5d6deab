// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;

namespace Profiles.Core.Benchmarks;

/// <summary>
/// <c>ingest [events] [rounds]</c>: one process run that prints events/s for parse, parse + clean and parse + clean +
/// weight on one thread, with the garbage collections (by generation), GC pause time and bytes allocated per step, and
/// the memory the accepted events keep alive (bytes per accepted event). BenchmarkDotNet's
/// <see cref="IngestionBenchmarks"/> gives the statistically careful per-event time; this gives the memory figure.
/// </summary>
public static class IngestionMeasure
{
    public static int Run(string[] args)
    {
        int events = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
        int rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
        string csv = IngestionData.Csv(events);
        Console.WriteLine($"CSV: {events:N0} rows, {csv.Length * 2 / 1e6:F1} MB as UTF-16 text; server GC {System.Runtime.GCSettings.IsServerGC}, " +
            $"latency {System.Runtime.GCSettings.LatencyMode}");
        var clock = new Clock();
        float[] weights = new float[events + 1];
        for (int round = 0; round < rounds; round++)
        {
            Measure("batch ReadAll + CleanInPlace", round, (report, lap) =>
            {
                EventBatch batch = new CsvEventReader().ReadAll(csv, report);
                lap.Mark();
                return new EventCleaner(new EventCleanerOptions { TimeProvider = clock }).CleanInPlace(batch, report);
            }, weights);
            Measure("streaming Read + Clean", round, (report, lap) =>
            {
                InteractionEvent[] parsed = [.. new CsvEventReader().Read(new StringReader(csv), report)];
                lap.Mark();
                return new EventCleaner(new EventCleanerOptions { TimeProvider = clock }).Clean(parsed, report);
            }, weights);
        }

        Retained("streaming Read + Clean", () => new EventCleaner(new EventCleanerOptions { TimeProvider = clock })
            .Clean(new CsvEventReader().Read(new StringReader(csv), new IngestionReport())));
        Retained("batch ReadAll + CleanInPlace", () => new EventCleaner(new EventCleanerOptions { TimeProvider = clock })
            .CleanInPlace(new CsvEventReader().ReadAll(csv, new IngestionReport())));
        return 0;
    }

    private static void Retained(string name, Func<CleanedEvents> ingest)
    {
        long before = GC.GetTotalMemory(forceFullCollection: true);
        CleanedEvents kept = ingest();
        long after = GC.GetTotalMemory(forceFullCollection: true);
        Console.WriteLine($"retained, {name}: {(after - before) / 1e6:F1} MB for {kept.Events.Count:N0} accepted events = {(double)(after - before) / kept.Events.Count:F1} bytes/event " +
            $"(the event struct is {System.Runtime.CompilerServices.Unsafe.SizeOf<InteractionEvent>()} bytes; ids are pooled per column)");
        GC.KeepAlive(kept);
    }

    private static void Measure(string name, int round, Func<IngestionReport, Lap, CleanedEvents> ingest, float[] weights)
    {
        using Process self = Process.GetCurrentProcess();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        TimeSpan cpu0 = self.TotalProcessorTime;
        Snapshot gc0 = Snapshot.Take();
        var sw = Stopwatch.StartNew();
        var report = new IngestionReport();
        var lap = new Lap(sw);
        CleanedEvents cleaned = ingest(report, lap);
        double ingested = sw.Elapsed.TotalSeconds;
        Snapshot gc1 = Snapshot.Take();
        SignalWeights.Default.Weigh(cleaned.AsSpan(), IngestionData.Start.AddDays(30), weights);
        double total = sw.Elapsed.TotalSeconds;
        Snapshot gc2 = Snapshot.Take();
        self.Refresh();
        double cpu = (self.TotalProcessorTime - cpu0).TotalSeconds;
        Console.WriteLine($"{name}, round {round}: read {report.Read:N0}, accepted {report.Accepted:N0}, merged {report.Merged:N0}; " +
            $"parse {report.Read / lap.Seconds / 1e6:F2} M/s, + clean {report.Read / ingested / 1e6:F2} M/s, + weigh {report.Read / total / 1e6:F2} M/s wall; " +
            $"{report.Read / cpu / 1e6:F2} M/s per CPU-second of the process (GC included)");
        Console.WriteLine($"    parse: {lap.Gc.Minus(gc0)}; clean: {gc1.Minus(lap.Gc)}; weigh: {gc2.Minus(gc1)}");
    }

    private readonly record struct Snapshot(int Gen0, int Gen1, int Gen2, TimeSpan Pause, long Allocated)
    {
        public static Snapshot Take() => new(GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2),
            GC.GetTotalPauseDuration(), GC.GetAllocatedBytesForCurrentThread());

        public string Minus(Snapshot start) => string.Create(CultureInfo.InvariantCulture,
            $"GCs gen0/1/2 {Gen0 - start.Gen0}/{Gen1 - start.Gen1}/{Gen2 - start.Gen2}, pause {(Pause - start.Pause).TotalMilliseconds:F0} ms, " +
            $"allocated {(Allocated - start.Allocated) / 1e6:F1} MB");
    }

    /// <summary>Marks the end of the parse step inside an ingestion.</summary>
    private sealed class Lap(Stopwatch sw)
    {
        public double Seconds { get; private set; }

        public Snapshot Gc { get; private set; }

        public void Mark()
        {
            Seconds = sw.Elapsed.TotalSeconds;
            Gc = Snapshot.Take();
        }
    }

    private sealed class Clock : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => IngestionData.Start.AddDays(60);
    }
}
