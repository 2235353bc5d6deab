// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Diagnostics;
using System.Globalization;
using nietras.SeparatedValues;

namespace Profiles.Core.Benchmarks;

/// <summary>
/// <c>ingest-profile [events]</c>: splits the CPU time of <c>ingest</c> into its steps (Sep's row loop alone, with the
/// pooled id strings, the whole reader, the cleaner with and without bot detection, the weights), on one thread.
/// </summary>
public static class IngestionProfile
{
    public static int Run(string[] args)
    {
        int events = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
        string csv = IngestionData.Csv(events);
        var clock = new FixedClock(IngestionData.Start.AddDays(60));
        for (int round = 0; round < 3; round++)
        {
            Time("sep rows only", () =>
            {
                long cols = 0;
                using SepReader reader = CsvSep.ReaderOptions(',').FromText(csv);
                foreach (SepReader.Row row in reader)
                {
                    cols += row.ColCount;
                }

                return cols;
            });
            Time("sep rows + 4 pooled ToString", () =>
            {
                long chars = 0;
                using SepReader reader = CsvSep.ReaderOptions(',').FromText(csv);
                foreach (SepReader.Row row in reader)
                {
                    chars += row[0].ToString().Length + row[1].ToString().Length + row[2].ToString().Length + row[3].ToString().Length;
                }

                return chars;
            });
            EventBatch? batch = null;
            Time("ReadAll", () => (batch = new CsvEventReader().ReadAll(csv, new IngestionReport())).Count);
            InteractionEvent[] rows = [.. batch!];
            Time("Clean", () => new EventCleaner(new EventCleanerOptions { TimeProvider = clock }).Clean(rows).Events.Count);
            Time("Clean, no bots", () => new EventCleaner(new EventCleanerOptions { TimeProvider = clock, DetectBots = false }).Clean(rows).Events.Count);
            Time("Clean, no bots, window 0", () => new EventCleaner(new EventCleanerOptions
            {
                TimeProvider = clock,
                DetectBots = false,
                DuplicateWindow = TimeSpan.Zero,
            }).Clean(rows).Events.Count);
        }

        return 0;
    }

    private static void Time(string name, Func<long> work)
    {
        GC.Collect();
        TimeSpan cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        var sw = Stopwatch.StartNew();
        long result = work();
        double wall = sw.Elapsed.TotalSeconds;
        double cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
        Console.WriteLine($"{name,-32} {wall * 1e3,7:F0} ms wall {cpu * 1e3,7:F0} ms CPU, allocated {(GC.GetAllocatedBytesForCurrentThread() - allocated) / 1e6,6:F1} MB ({result})");
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
