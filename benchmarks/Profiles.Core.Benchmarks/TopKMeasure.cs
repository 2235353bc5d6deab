// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Profiles.Core.Benchmarks;

/// <summary>
/// The top-K side-by-side: <see cref="TopK.Search"/> against faiss <c>IndexFlatIP</c> (exact inner-product search) on
/// the same seeded data, at 1 and 2 threads, in one run, printed as users per second and their ratio. The Python side is
/// benchmarks/peers/topk_peers.py.
/// </summary>
/// <remarks>
/// Usage: <c>dotnet run -c Release --project benchmarks/Profiles.Core.Benchmarks -- topk [--users 1000] [--items 100000]
/// [--dims 64] [--k 10] [--min-time 2] [--threads 1,2] [--impls faiss[,numpy,torch]] [--python PATH] [--no-peers] [--markdown FILE]</c>.
/// Ours and the peer alternate per thread count so that a change in the machine's load hits both.
/// </remarks>
internal static class TopKMeasure
{
    private sealed record Row(string Impl, int Threads, double MedianS, double BestS, int Reps, double? Agreement);

    public static int Run(string[] args)
    {
        int b = 1000, n = 100_000, d = 64, k = 10;
        double minTime = 2.0;
        string python = "/usr/bin/python3";
        string impls = "faiss";
        string? markdown = null;
        bool peers = true;
        int[] threadCounts = [1, 2];
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--users": b = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--items": n = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--dims": d = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--k": k = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--min-time": minTime = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--threads": threadCounts = args[++i].Split(',').Select(t => int.Parse(t, CultureInfo.InvariantCulture)).ToArray(); break;
                case "--impls": impls = args[++i]; break;
                case "--python": python = args[++i]; break;
                case "--markdown": markdown = args[++i]; break;
                case "--no-peers": peers = false; break;
                default: Console.Error.WriteLine($"unknown argument {args[i]}"); return 2;
            }
        }

        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {RuntimeInformation.ProcessArchitecture}, .NET {Environment.Version}, SIMD {SimdMath.Width}; load average at start: {LoadAverage()}");
        Console.WriteLine($"top-{k}: {b} users x {n} items x d = {d}, inner product, data N(0, 1) seeded");
        var random = new Random(20261129);
        float[] users = Normal(random, b * d);
        float[] items = Normal(random, n * d);
        var indices = new int[b * k];
        var scores = new float[b * k];

        // Tiered compilation: the kernels are AggressiveOptimization, the rest warms up here.
        var warm = Stopwatch.StartNew();
        while (warm.Elapsed.TotalSeconds < 1.0)
        {
            TopK.Search(users.AsMemory(0, Math.Min(b, 64) * d), items.AsMemory(0, Math.Min(n, 20_000) * d), d, k, indices.AsMemory(0, Math.Min(b, 64) * k), scores.AsMemory(0, Math.Min(b, 64) * k), maxDegreeOfParallelism: 1);
        }

        string dir = Path.Combine(Path.GetTempPath(), $"profiles-topk-{Environment.ProcessId}");
        Directory.CreateDirectory(dir);
        var rows = new List<Row>();
        try
        {
            TopK.Search(users, items, d, k, indices, scores, maxDegreeOfParallelism: 1);
            Write(dir, "users.f32", MemoryMarshal.AsBytes(users.AsSpan()));
            Write(dir, "items.f32", MemoryMarshal.AsBytes(items.AsSpan()));
            Write(dir, "ours_indices.i32", MemoryMarshal.AsBytes(indices.AsSpan()));
            File.WriteAllText(Path.Combine(dir, "manifest.json"), JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["b"] = b, ["n"] = n, ["d"] = d, ["k"] = k, ["users"] = "users.f32", ["items"] = "items.f32", ["ours"] = "ours_indices.i32",
            }));

            foreach (int threads in threadCounts)
            {
                rows.Add(MeasureOurs(users, items, d, k, threads, minTime));
                if (peers)
                {
                    rows.AddRange(RunPeer(python, dir, threads, minTime, impls));
                }
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }

        string table = Table(rows, b);
        Console.WriteLine();
        Console.WriteLine($"load average at end: {LoadAverage()}");
        Console.WriteLine(table);
        if (markdown is not null)
        {
            File.WriteAllText(markdown, table);
        }

        return 0;
    }

    private static Row MeasureOurs(float[] users, float[] items, int d, int k, int threads, double minTime)
    {
        int b = users.Length / d;
        var indices = new int[b * k];
        var scores = new float[b * k];
        TopK.Search(users, items, d, k, indices, scores, maxDegreeOfParallelism: threads);
        var times = new List<double>();
        var total = Stopwatch.StartNew();
        while (times.Count < 5 || (total.Elapsed.TotalSeconds < minTime && times.Count < 200))
        {
            long start = Stopwatch.GetTimestamp();
            TopK.Search(users, items, d, k, indices, scores, maxDegreeOfParallelism: threads);
            times.Add(Stopwatch.GetElapsedTime(start).TotalSeconds);
        }

        times.Sort();
        var row = new Row("ours TopK.Search", threads, times[times.Count / 2], times[0], times.Count, null);
        Console.WriteLine($"   {row.Impl,-28} threads {threads}: median {row.MedianS * 1e3,9:F2} ms = {b / row.MedianS,9:F0} users/s  ({row.Reps} reps)");
        return row;
    }

    private static List<Row> RunPeer(string python, string dir, int threads, double minTime, string impls)
    {
        string script = Path.Combine(AppContext.BaseDirectory, "peers", "topk_peers.py");
        var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in new[] { script, "--data", dir, "--threads", threads.ToString(CultureInfo.InvariantCulture), "--min-time", minTime.ToString(CultureInfo.InvariantCulture), "--impls", impls })
        {
            start.ArgumentList.Add(a);
        }

        string t = threads.ToString(CultureInfo.InvariantCulture);
        start.Environment.Remove("OPENBLAS_CORETYPE");
        start.Environment.Remove("OPENBLAS_L2_SIZE");
        start.Environment["OMP_NUM_THREADS"] = t;
        start.Environment["OPENBLAS_NUM_THREADS"] = t;
        start.Environment["OMP_WAIT_POLICY"] = "passive";
        var rows = new List<Row>();
        try
        {
            using Process process = Process.Start(start)!;
            string? line;
            while ((line = process.StandardOutput.ReadLine()) is not null)
            {
                if (line.StartsWith("INFO ", StringComparison.Ordinal))
                {
                    Console.WriteLine($"   {line}");
                }
                else if (line.StartsWith("RESULT ", StringComparison.Ordinal))
                {
                    using JsonDocument json = JsonDocument.Parse(line.AsSpan(7).ToString());
                    JsonElement r = json.RootElement;
                    var row = new Row(
                        r.GetProperty("impl").GetString()!, threads, r.GetProperty("median_s").GetDouble(), r.GetProperty("best_s").GetDouble(),
                        r.GetProperty("reps").GetInt32(), r.GetProperty("agreement_vs_ours").GetDouble());
                    Console.WriteLine($"   {row.Impl,-28} threads {threads}: median {row.MedianS * 1e3,9:F2} ms  ({row.Reps} reps, {100 * row.Agreement:F2}% of our items)");
                    rows.Add(row);
                }
            }

            string errors = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                Console.WriteLine($"   the peer script failed ({process.ExitCode}): {errors.Trim()}");
            }
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            Console.WriteLine($"   cannot start {python}: {ex.Message} (see ../shared/peers/README.md for the setup)");
        }

        return rows;
    }

    private static string Table(List<Row> rows, int b)
    {
        var text = new StringBuilder();
        text.AppendLine("Users per second from the median time of a whole call (all users); ratio = ours / peer (above 1: we are faster).");
        text.AppendLine();
        text.AppendLine("| implementation | threads | median ms | users/s | ours / this | same items as ours |");
        text.AppendLine("|---|---|---|---|---|---|");
        foreach (Row row in rows)
        {
            Row? ours = rows.FirstOrDefault(r => r.Threads == row.Threads && r.Agreement is null);
            string ratio = ours is null ? "-" : (row.MedianS / ours.MedianS).ToString("F2", CultureInfo.InvariantCulture) + "x";
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {row.Impl} | {row.Threads} | {row.MedianS * 1e3:F2} | {b / row.MedianS:F0} | {ratio} | {(row.Agreement is { } a ? $"{100 * a:F2}%" : "-")} |");
        }

        return text.ToString();
    }

    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Trim();
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static float[] Normal(Random random, int length)
    {
        var values = new float[length];
        for (int i = 0; i < length; i += 2)
        {
            double u1 = 1d - random.NextDouble();
            double u2 = random.NextDouble();
            double r = Math.Sqrt(-2d * Math.Log(u1));
            values[i] = (float)(r * Math.Cos(2d * Math.PI * u2));
            if (i + 1 < length)
            {
                values[i + 1] = (float)(r * Math.Sin(2d * Math.PI * u2));
            }
        }

        return values;
    }

    private static void Write(string dir, string name, ReadOnlySpan<byte> bytes)
    {
        using FileStream file = File.Create(Path.Combine(dir, name));
        file.Write(bytes);
    }
}
