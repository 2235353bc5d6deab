// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;

namespace Profiles.Core.Benchmarks;

/// <summary>
/// <c>ingest [events]</c>: one process run that prints events/s for parse, parse + clean and parse + clean + weight on
/// one thread, and the memory the accepted events keep alive (bytes per accepted event). BenchmarkDotNet's
/// <see cref="IngestionBenchmarks"/> gives the statistically careful per-event time; this gives the memory figure.
/// </summary>
public static class IngestionMeasure
{
    public static int Run(string[] args)
    {
        int events = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
        string csv = IngestionData.Csv(events);
        Console.WriteLine($"CSV: {events:N0} rows, {csv.Length * 2 / 1e6:F1} MB as UTF-16 text");
        var clock = new Clock();
        float[] weights = new float[events + 1];
        for (int round = 0; round < 3; round++)
        {
            using Process self = Process.GetCurrentProcess();
            TimeSpan cpu0 = self.TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            var report = new IngestionReport();
            InteractionEvent[] parsed = [.. new CsvEventReader().Read(new StringReader(csv), report)];
            double parse = sw.Elapsed.TotalSeconds;
            CleanedEvents cleaned = new EventCleaner(new EventCleanerOptions { TimeProvider = clock }).Clean(parsed, report);
            double clean = sw.Elapsed.TotalSeconds;
            SignalWeights.Default.Weigh(cleaned.AsSpan(), IngestionData.Start.AddDays(30), weights);
            double total = sw.Elapsed.TotalSeconds;
            self.Refresh();
            double cpu = (self.TotalProcessorTime - cpu0).TotalSeconds;
            Console.WriteLine($"round {round}: read {report.Read:N0}, accepted {report.Accepted:N0}, merged {report.Merged:N0}; " +
                $"parse {report.Read / parse / 1e6:F2} M/s, +clean {report.Read / clean / 1e6:F2} M/s, +weigh {report.Read / total / 1e6:F2} M/s wall; " +
                $"{report.Read / cpu / 1e6:F2} M/s per CPU-second of the process (GC included)");
        }

        long before = GC.GetTotalMemory(forceFullCollection: true);
        var kept = new EventCleaner(new EventCleanerOptions { TimeProvider = clock }).Clean(new CsvEventReader().Read(new StringReader(csv), new IngestionReport()));
        long after = GC.GetTotalMemory(forceFullCollection: true);
        Console.WriteLine($"retained: {(after - before) / 1e6:F1} MB for {kept.Events.Count:N0} accepted events = {(double)(after - before) / kept.Events.Count:F1} bytes/event " +
            $"(the event struct is {System.Runtime.CompilerServices.Unsafe.SizeOf<InteractionEvent>()} bytes; ids are pooled per column)");
        GC.KeepAlive(kept);
        return 0;
    }

    private sealed class Clock : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => IngestionData.Start.AddDays(60);
    }
}
