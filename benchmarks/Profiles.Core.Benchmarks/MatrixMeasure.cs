// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Threading.Tasks;

namespace Profiles.Core.Benchmarks;

/// <summary>
/// <c>matrix [--events 10000000] [--persons 200000] [--items 30000] [--seed 1] [--reps 3]</c>: builds an
/// <see cref="InteractionMatrix"/> from N generated events and its <see cref="IdentityGraph"/>, and reports seconds and
/// bytes per non-zero (docs/performance.md, "InteractionMatrix at 10M events").
/// <para>The events come from a fast seeded generator here, not from <see cref="SyntheticWorld"/> (whose text and PII
/// make 10M events take minutes): every person has one account on each of two platforms ("web", "app") linked by a
/// shared e-mail in the account records, which <see cref="FellegiSunterResolver"/> resolves into the graph; each platform has
/// <c>items</c> items with power-law popularity <c>p ~ 1/(rank + 30)</c>; accounts have log-normal activity; events
/// are globally time-ordered (so consecutive events rarely share an account) and are a mix of views, clicks, likes,
/// add-to-cart, purchases and ratings (value 0.5-5), all valid, as <see cref="EventCleaner"/> would pass them.</para>
/// <para>Memory: the managed heap after a full collection with the matrix alive minus before (the events, graph and
/// strings already allocated), and the arrays' own sizes (<see cref="SparseMatrix.SizeInBytes"/>: 8 bytes per non-zero
/// plus 4 per row pointer, counting arrays that two matrices share once).</para>
/// </summary>
public static class MatrixMeasure
{
    public static int Run(string[] args)
    {
        int events = 10_000_000, persons = 200_000, items = 30_000, reps = 3;
        ulong seed = 1;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--events": events = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--persons": persons = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--items": items = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--seed": seed = ulong.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--reps": reps = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException($"Unknown argument '{args[i]}'.", nameof(args));
            }
        }

        var clock = Stopwatch.StartNew();
        (InteractionEvent[] generated, List<AccountRecord> records, DateTimeOffset asOf) = Generate(events, persons, items, seed);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"generated {generated.Length:N0} events, {records.Count:N0} accounts ({persons:N0} persons x 2 platforms), {2 * items:N0} items in {clock.Elapsed.TotalSeconds:F1} s"));
        clock.Restart();
        IdentityGraph graph = new FellegiSunterResolver(new IdentityResolverOptions { Salt = "matrix", Seed = 1 }).ResolveAsync(records).GetAwaiter().GetResult();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"identity graph: {graph.PersonCount:N0} persons from {graph.AccountCount:N0} accounts in {clock.Elapsed.TotalSeconds:F1} s"));
        records.Clear();

        var times = new List<double>();
        var cpuTimes = new List<double>();
        var previousTimes = new List<double>();
        var previousCpuTimes = new List<double>();
        var lookupCpuTimes = new List<double>();
        using var process = Process.GetCurrentProcess();
        InteractionMatrix? matrix = null;
        long heapDelta = 0, allocated = 0;
        for (int r = 0; r < reps; r++)
        {
            matrix = null;
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            long before = GC.GetTotalMemory(forceFullCollection: true);
            long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            process.Refresh();
            TimeSpan cpuBefore = process.TotalProcessorTime;
            clock.Restart();
            matrix = InteractionMatrix.Build(generated, graph, SignalWeights.Default, asOf);
            double seconds = clock.Elapsed.TotalSeconds;
            process.Refresh();
            cpuTimes.Add((process.TotalProcessorTime - cpuBefore).TotalSeconds);
            allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            times.Add(seconds);
            heapDelta = GC.GetTotalMemory(forceFullCollection: true) - before;
            GC.KeepAlive(matrix);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  InteractionMatrix.Build run {r + 1}: {seconds:F2} s wall, {cpuTimes[^1]:F2} s CPU"));

            // The previous build's work, for comparison: two lookups per event (account -> person -> row) and two
            // triplet sorts (weights, then counts); then ProfileBuilder's second pair of lookups per event, which the
            // new build hands over instead.
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            int[]? personRowsOfEvents = null;
            (double wall, double cpu) = Measure(process, () => PreviousBuild(generated, graph, asOf));
            (double lookupWall, double lookupCpu) = Measure(process, () => personRowsOfEvents = PreviousLookups(generated, graph));
            GC.KeepAlive(personRowsOfEvents);
            previousTimes.Add(wall);
            previousCpuTimes.Add(cpu);
            lookupCpuTimes.Add(lookupCpu);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  previous build, run {r + 1}: {wall:F2} s wall, {cpu:F2} s CPU; ProfileBuilder's second lookups (now gone): {lookupWall:F2} s wall, {lookupCpu:F2} s CPU"));
        }

        cpuTimes.Sort();
        previousTimes.Sort();
        previousCpuTimes.Sort();
        lookupCpuTimes.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"CPU seconds (process total, all threads; less sensitive to other processes than wall time), medians: build {cpuTimes[cpuTimes.Count / 2]:F2}, previous build {previousCpuTimes[previousCpuTimes.Count / 2]:F2} ({previousTimes[previousTimes.Count / 2]:F2} s wall), previous second lookups {lookupCpuTimes[lookupCpuTimes.Count / 2]:F2}"));
        times.Sort();
        long nnz = matrix!.ByPerson.NonZeroCount;
        long seenNnz = matrix.Seen.NonZeroCount;
        long csr = matrix.ByPerson.SizeInBytes;
        long transpose = matrix.ByItem.SizeInBytes;
        long seen = matrix.Seen.SizeInBytes;
        long shared = matrix.SharedBytes;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"matrix: {matrix.Persons.Count:N0} persons x {matrix.Items.Count:N0} items, {nnz:N0} positive non-zeros ({seenNnz:N0} seen pairs) from {matrix.EventCount:N0} events ({matrix.UnknownAccountEvents:N0} of unknown accounts)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"build: median {times[times.Count / 2]:F2} s of {reps} ({times[0]:F2}-{times[^1]:F2}), {generated.Length / times[times.Count / 2] / 1e6:F2} M events/s; allocated {allocated / 1048576.0:F0} MiB during the build"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"arrays: CSR {csr / (double)nnz:F2} B/nnz, transpose {transpose / (double)nnz:F2} B/nnz, CSR + transpose {(csr + transpose) / (double)nnz:F2} B/nnz, seen pattern {(seen - shared) / (double)nnz:F2} B/nnz beyond what it shares with the CSR ({shared / 1048576.0:F0} MiB shared); all three {(csr + transpose + seen - shared) / (double)nnz:F2} B/nnz"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"managed heap delta with the matrix alive: {heapDelta / 1048576.0:F0} MiB = {heapDelta / (double)nnz:F2} B/nnz (arrays above plus the person and item indexes)"));

        clock.Restart();
        (InteractionMatrix grouped, InteractionEvent[] byPerson, int[] offsets) = ProfileBuilder.BuildMatrix(generated, graph, SignalWeights.Default, asOf, null, default);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ProfileBuilder's matrix stage (matrix + events grouped by person, one account lookup per event): {clock.Elapsed.TotalSeconds:F2} s, {byPerson.Length:N0} events in {offsets.Length - 1:N0} groups"));
        GC.KeepAlive(grouped);
        return 0;
    }

    /// <summary>The work of the build this change replaced, kept here to compare in the same process.</summary>
    private static void PreviousBuild(InteractionEvent[] events, IdentityGraph identities, DateTimeOffset asOf)
    {
        IReadOnlyList<PersonId> personList = identities.Persons;
        var personRows = new Dictionary<PersonId, int>(personList.Count);
        for (int i = 0; i < personList.Count; i++)
        {
            personRows.Add(personList[i], i);
        }

        var itemColumns = new Dictionary<ItemKey, int>();
        int n = events.Length;
        int[] rows = new int[n], columns = new int[n];
        float[] values = new float[n], ones = new float[n];
        int kept = 0;
        var lastAccount = default(AccountKey);
        int lastRow = -1;
        for (int i = 0; i < n; i++)
        {
            InteractionEvent e = events[i];
            int row;
            if (lastRow >= 0 && e.Platform == lastAccount.Platform && e.Account == lastAccount.Account)
            {
                row = lastRow;
            }
            else if (identities.TryGetPerson(e.Platform, e.Account, out PersonId person) && personRows.TryGetValue(person, out row))
            {
                lastAccount = new AccountKey(e.Platform, e.Account);
                lastRow = row;
            }
            else
            {
                continue;
            }

            var itemKey = new ItemKey(e.Platform, e.Item);
            if (!itemColumns.TryGetValue(itemKey, out int column))
            {
                column = itemColumns.Count;
                itemColumns.Add(itemKey, column);
            }

            rows[kept] = row;
            columns[kept] = column;
            values[kept] = SignalWeights.Default.Weight(in e, asOf);
            ones[kept] = 1f;
            kept++;
        }

        SparseMatrix summed = SparseMatrix.FromTriplets(personRows.Count, itemColumns.Count, rows.AsSpan(0, kept), columns.AsSpan(0, kept), values.AsSpan(0, kept));
        SparseMatrix seen = SparseMatrix.FromTriplets(personRows.Count, itemColumns.Count, rows.AsSpan(0, kept), columns.AsSpan(0, kept), ones.AsSpan(0, kept));
        SparseMatrix transpose = summed.Transpose();
        GC.KeepAlive(seen);
        GC.KeepAlive(transpose);
    }

    /// <summary>ProfileBuilder's former second pass: each event's account looked up again (graph, then person rows).</summary>
    private static int[] PreviousLookups(InteractionEvent[] events, IdentityGraph identities)
    {
        IReadOnlyList<PersonId> personList = identities.Persons;
        var personRows = new Dictionary<PersonId, int>(personList.Count);
        for (int i = 0; i < personList.Count; i++)
        {
            personRows.Add(personList[i], i);
        }

        int[] rows = new int[events.Length];
        for (int i = 0; i < events.Length; i++)
        {
            InteractionEvent e = events[i];
            rows[i] = identities.TryGetPerson(e.Platform, e.Account, out PersonId person) && personRows.TryGetValue(person, out int r) ? r : -1;
        }

        return rows;
    }

    private static (double Wall, double Cpu) Measure(Process process, Action action)
    {
        process.Refresh();
        TimeSpan cpu = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        action();
        double wall = clock.Elapsed.TotalSeconds;
        process.Refresh();
        return (wall, (process.TotalProcessorTime - cpu).TotalSeconds);
    }

    private static (InteractionEvent[] Events, List<AccountRecord> Records, DateTimeOffset AsOf) Generate(int count, int persons, int items, ulong seed)
    {
        PlatformId[] platforms = [new PlatformId("web"), new PlatformId("app")];
        var random = new FactorRandom(seed);
        var accounts = new AccountId[2 * persons];
        var records = new List<AccountRecord>(2 * persons);
        var activity = new double[2 * persons];
        for (int p = 0; p < persons; p++)
        {
            string email = string.Create(CultureInfo.InvariantCulture, $"person{p}@example.org");
            for (int s = 0; s < 2; s++)
            {
                int a = (2 * p) + s;
                accounts[a] = new AccountId(string.Create(CultureInfo.InvariantCulture, $"{(s == 0 ? "w" : "a")}{p:x}"));
                records.Add(new AccountRecord(platforms[s], accounts[a]) { Email = email });
                activity[a] = Math.Exp(random.NextGaussian());
            }
        }

        double[] accountCdf = Cdf(activity);
        var itemIds = new ItemId[2][];
        var itemCdf = new double[2][];
        for (int s = 0; s < 2; s++)
        {
            itemIds[s] = new ItemId[items];
            var weight = new double[items];
            for (int i = 0; i < items; i++)
            {
                itemIds[s][i] = new ItemId(string.Create(CultureInfo.InvariantCulture, $"{(s == 0 ? "wi" : "ai")}{i}"));
            }

            // Popularity by rank, over shuffled ids.
            int[] order = new int[items];
            for (int i = 0; i < items; i++)
            {
                order[i] = i;
            }

            for (int i = items - 1; i > 0; i--)
            {
                int j = random.NextInt(i + 1);
                (order[i], order[j]) = (order[j], order[i]);
            }

            for (int rank = 0; rank < items; rank++)
            {
                weight[order[rank]] = 1.0 / (rank + 30);
            }

            itemCdf[s] = Cdf(weight);
        }

        EventKind[] kinds = [EventKind.View, EventKind.View, EventKind.View, EventKind.Click, EventKind.Click, EventKind.Like, EventKind.AddToCart, EventKind.Purchase, EventKind.Rating];
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var events = new InteractionEvent[count];
        Parallel.For(0, 16, part =>
        {
            var local = new FactorRandom(seed, (ulong)part + 10);
            int first = (int)((long)count * part / 16), end = (int)((long)count * (part + 1) / 16);
            for (int e = first; e < end; e++)
            {
                int a = Search(accountCdf, local.NextDouble());
                int s = a & 1;
                int item = Search(itemCdf[s], local.NextDouble());
                EventKind kind = kinds[local.NextInt(kinds.Length)];
                var timestamp = start.AddSeconds(e * 3.0);
                events[e] = new InteractionEvent(platforms[s], accounts[a], itemIds[s][item], kind, timestamp)
                {
                    Value = kind == EventKind.Rating ? 0.5f * (1 + local.NextInt(10)) : null,
                };
            }
        });

        return (events, records, start.AddSeconds(count * 3.0));
    }

    private static double[] Cdf(double[] weights)
    {
        var cdf = new double[weights.Length];
        double total = 0;
        for (int i = 0; i < weights.Length; i++)
        {
            total += weights[i];
            cdf[i] = total;
        }

        for (int i = 0; i < cdf.Length; i++)
        {
            cdf[i] /= total;
        }

        return cdf;
    }

    private static int Search(double[] cdf, double u)
    {
        int index = Array.BinarySearch(cdf, u);
        return Math.Min(index < 0 ? ~index : index, cdf.Length - 1);
    }
}
