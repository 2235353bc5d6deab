// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Runtime;
using System.Runtime.InteropServices;

namespace Profiles.Core.Benchmarks;

/// <summary>
/// Times <see cref="SyntheticWorld.Generate"/> at growing sizes and prints persons, accounts, events, wall and CPU
/// seconds and GC pauses (docs/synthetic-world.md has the figures). A generation is seconds long, so a stopwatch around
/// it is enough; the CPU seconds tell how much of the wall time a busy machine took away.
/// </summary>
/// <remarks>
/// Usage: <c>dotnet run -c Release --project benchmarks/Profiles.Core.Benchmarks -- world [--persons 10000,100000,1000000] [--repeat N] [--threads T]</c>.
/// Each size is generated <c>N</c> times (default 3, 1 from a million persons up) and the fastest run is reported,
/// after one small warm-up world that compiles the generator.
/// </remarks>
internal static class WorldGeneration
{
    public static int Run(string[] args)
    {
        int[] sizes = [10_000, 100_000, 1_000_000];
        int? repeat = null;
        int threads = -1;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--persons": sizes = args[++i].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray(); break;
                case "--repeat": repeat = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--threads": threads = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                default: Console.Error.WriteLine($"unknown argument {args[i]}"); return 2;
            }
        }

        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {RuntimeInformation.ProcessArchitecture}, .NET {Environment.Version}, {(GCSettings.IsServerGC ? "server" : "workstation")} GC, threads {(threads == -1 ? "all" : threads.ToString(CultureInfo.InvariantCulture))}");
        _ = SyntheticWorld.Generate(new SyntheticWorldOptions { Persons = 2_000, MaxDegreeOfParallelism = threads });

        Console.WriteLine();
        Console.WriteLine("| persons | accounts | items | training events | dirty rows | future events | seconds (best) | CPU seconds | events/s | GC pauses | managed heap after |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (int persons in sizes)
        {
            int runs = repeat ?? (persons >= 1_000_000 ? 1 : 3);
            double best = double.MaxValue, cpu = 0, pauses = 0;
            SyntheticWorld? world = null;
            for (int run = 0; run < runs; run++)
            {
                world = null;
                GC.Collect();
                GC.WaitForPendingFinalizers();
                GC.Collect();
                TimeSpan cpu0 = Process.GetCurrentProcess().TotalProcessorTime, pause0 = GC.GetTotalPauseDuration();
                var clock = Stopwatch.StartNew();
                world = SyntheticWorld.Generate(new SyntheticWorldOptions { Persons = persons, MaxDegreeOfParallelism = threads });
                double seconds = clock.Elapsed.TotalSeconds;
                if (seconds < best)
                {
                    best = seconds;
                    cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
                    pauses = (GC.GetTotalPauseDuration() - pause0).TotalSeconds;
                }
            }

            long heap = GC.GetTotalMemory(forceFullCollection: true);
            long events = world!.Events.Count + world.FutureEvents.Count;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {persons:N0} | {world.Accounts.Count:N0} | {world.Items.Count:N0} | {world.Events.Count:N0} | {world.GroundTruth.DirtyRows.Count:N0} | {world.FutureEvents.Count:N0} | {best:F2} | {cpu:F2} | {events / best / 1e6:F2} M | {pauses:F2} s | {heap / (1024.0 * 1024 * 1024):F2} GiB |"));
            GC.KeepAlive(world);
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024 * 1024):F2} GiB"));
        return 0;
    }
}
