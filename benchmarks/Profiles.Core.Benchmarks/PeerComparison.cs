// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Profiles.Core.Benchmarks;

/// <summary>
/// The side-by-side comparison: our kernels, numpy and torch on the same seeded data in one run, printed as ratios
/// (timings of other runs are not comparable on a shared machine). The Python side is benchmarks/peers/fusion_peers.py.
/// </summary>
/// <remarks>
/// Usage: <c>dotnet run -c Release --project benchmarks/Profiles.Core.Benchmarks -- peers [--min-time S] [--markdown FILE] [--python PATH] [--no-peers]</c>.
/// numpy runs with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset (the machine's values make OpenBLAS about 2x slower).
/// </remarks>
internal static class PeerComparison
{
    private sealed record Case(string Name, string Kind, int B, int N, int D);

    private sealed record Measurement(string Case, string Impl, int Threads, double MedianMs, double BestMs, int Reps, double? Loss, double? GradChecksum);

    public static int Run(string[] args)
    {
        double minTime = 1.0;
        string? markdown = null;
        string python = "/usr/bin/python3";
        bool peers = true;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--min-time": minTime = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--markdown": markdown = args[++i]; break;
                case "--python": python = args[++i]; break;
                case "--no-peers": peers = false; break;
                default: Console.Error.WriteLine($"unknown argument {args[i]}"); return 2;
            }
        }

        Case[] cases =
        [
            new("single_10000x64", "single", 1, 10_000, 64),
            new("single_100000x64", "single", 1, 100_000, 64),
            new("single_1000000x64", "single", 1, 1_000_000, 64),
            new("single_100000x256", "single", 1, 100_000, 256),
            new("batched_256x100000x64", "batched", 256, 100_000, 64),
        ];

        string dir = Path.Combine(Path.GetTempPath(), $"profiles-peers-{Environment.ProcessId}");
        Directory.CreateDirectory(dir);
        try
        {
            Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {RuntimeInformation.ProcessArchitecture}, .NET {Environment.Version}, SIMD {SimdMath.Width}");
            var results = new List<Measurement>();
            double bandwidth = MeasureReadBandwidth();
            Console.WriteLine($"single-thread read bandwidth (sum over a 1 GiB float array, median of 7): {bandwidth:F1} GB/s");

            WarmUpKernels();
            var manifest = new List<Dictionary<string, object>>();
            foreach (Case c in cases)
            {
                Console.WriteLine($"-- {c.Name}");
                if (c.Kind == "single")
                {
                    var (items, user, text) = PeerData.OneUser(c.N, c.D, seed: 11);
                    Write(dir, $"{c.Name}_items.f32", items);
                    Write(dir, $"{c.Name}_user.f32", user);
                    Write(dir, $"{c.Name}_text.f32", text);
                    manifest.Add(new() { ["name"] = c.Name, ["kind"] = "single", ["n"] = c.N, ["d"] = c.D, ["lam"] = 1.0, ["items"] = $"{c.Name}_items.f32", ["user"] = $"{c.Name}_user.f32", ["text"] = $"{c.Name}_text.f32" });
                    var gradient = new float[c.D];
                    var scratch = new float[c.N];
                    var objective = new FusionObjective(1f);
                    double loss = 0;
                    results.Add(Measure(c.Name, "ours_one_pass", 1, minTime, () => loss = FusionKernel.LossAndGradient(items, c.D, user, text, default, objective, gradient, default).Total, () => (loss, SumAbs(gradient))));
                    results.Add(Measure(c.Name, "ours_two_pass", 1, minTime, () => loss = FusionKernel.LossAndGradientTwoPass(items, c.D, user, text, default, objective, gradient, default, scratch).Total, () => (loss, SumAbs(gradient))));
                }
                else
                {
                    var (items, users, texts) = PeerData.Batched(c.B, c.N, c.D, seed: 12);
                    Write(dir, $"{c.Name}_items.f32", items);
                    Write(dir, $"{c.Name}_users.f32", users);
                    Write(dir, $"{c.Name}_texts.f32", texts);
                    manifest.Add(new() { ["name"] = c.Name, ["kind"] = "batched", ["b"] = c.B, ["n"] = c.N, ["d"] = c.D, ["lam"] = 1.0, ["items"] = $"{c.Name}_items.f32", ["users"] = $"{c.Name}_users.f32", ["texts"] = $"{c.Name}_texts.f32" });
                    var gradients = new float[c.B * c.D];
                    var losses = new FusionLoss[c.B];
                    var objective = new FusionObjective(1f);
                    foreach (int threads in new[] { 1, 2 })
                    {
                        results.Add(Measure(c.Name, "ours_batched", threads, minTime,
                            () => FusionKernel.LossAndGradientBatch(items, c.D, users, texts, default, objective, gradients, losses, threads),
                            () => (losses.Sum(l => l.Total), SumAbs(gradients))));
                    }
                }

                GC.Collect();
            }

            File.WriteAllText(Path.Combine(dir, "manifest.json"), JsonSerializer.Serialize(new Dictionary<string, object> { ["cases"] = manifest }));
            if (peers)
            {
                results.AddRange(RunPeers(python, dir, 1, minTime, cases.Select(c => c.Name)));
                results.AddRange(RunPeers(python, dir, 2, minTime, cases.Where(c => c.Kind == "batched").Select(c => c.Name)));
            }

            string table = Table(cases, results, bandwidth);
            Console.WriteLine();
            Console.WriteLine(table);
            if (markdown is not null)
            {
                File.WriteAllText(markdown, table);
            }

            return 0;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static Measurement Measure(string name, string impl, int threads, double minTime, Action action, Func<(double Loss, double Checksum)> check)
    {
        // Warm up past tiered compilation (30 calls, then a background re-JIT) before timing.
        var warmUp = Stopwatch.StartNew();
        for (int i = 0; i < 60 || warmUp.Elapsed.TotalSeconds < 0.5; i++)
        {
            action();
        }

        var times = new List<double>();
        var total = Stopwatch.StartNew();
        while (times.Count < 9 || (total.Elapsed.TotalSeconds < minTime && times.Count < 300))
        {
            long start = Stopwatch.GetTimestamp();
            action();
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        times.Sort();
        var (loss, checksum) = check();
        var m = new Measurement(name, impl, threads, times[times.Count / 2], times[0], times.Count, loss, checksum);
        Console.WriteLine($"   {impl,-16} threads {threads}: median {m.MedianMs,9:F3} ms  best {m.BestMs,9:F3} ms  ({m.Reps} reps)  loss {loss:G9}");
        return m;
    }

    /// <summary>
    /// Runs every kernel on a small problem for two seconds, so that tiered compilation has produced the final code of
    /// the kernels and of the TensorPrimitives they call before the first timed case (otherwise the first case is
    /// timed partly on tier-0 code).
    /// </summary>
    private static void WarmUpKernels()
    {
        var (items, users, texts) = PeerData.Batched(8, 4096, 64, seed: 3);
        var gradients = new float[8 * 64];
        var losses = new FusionLoss[8];
        var scratch = new float[4096];
        var objective = new FusionObjective(1f);
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < 2)
        {
            FusionKernel.LossAndGradient(items, 64, users.AsSpan(0, 64), texts.AsSpan(0, 64), default, objective, gradients.AsSpan(0, 64), default);
            FusionKernel.LossAndGradientTwoPass(items, 64, users.AsSpan(0, 64), texts.AsSpan(0, 64), default, objective, gradients.AsSpan(0, 64), default, scratch);
            FusionKernel.LossAndGradientBatch(items, 64, users, texts, default, objective, gradients, losses, 1);
        }
    }

    private static double MeasureReadBandwidth()
    {
        const int length = 1 << 28; // 1 GiB of floats
        float[] data = GC.AllocateUninitializedArray<float>(length);
        Array.Fill(data, 1f);
        var times = new List<double>();
        float sink = 0f;
        for (int r = 0; r < 8; r++)
        {
            long start = Stopwatch.GetTimestamp();
            sink += TensorPrimitives.Sum(data);
            if (r > 0)
            {
                times.Add(Stopwatch.GetElapsedTime(start).TotalSeconds);
            }
        }

        GC.KeepAlive(sink);
        times.Sort();
        return length * 4.0 / times[times.Count / 2] / 1e9;
    }

    private static List<Measurement> RunPeers(string python, string dir, int threads, double minTime, IEnumerable<string> caseNames)
    {
        string script = Path.Combine(AppContext.BaseDirectory, "peers", "fusion_peers.py");
        var start = new ProcessStartInfo(python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in new[] { script, "--data", dir, "--threads", threads.ToString(CultureInfo.InvariantCulture), "--min-time", minTime.ToString(CultureInfo.InvariantCulture), "--cases", string.Join(",", caseNames) })
        {
            start.ArgumentList.Add(a);
        }

        start.Environment.Remove("OPENBLAS_CORETYPE");
        start.Environment.Remove("OPENBLAS_L2_SIZE");
        start.Environment["OMP_NUM_THREADS"] = threads.ToString(CultureInfo.InvariantCulture);
        start.Environment["OPENBLAS_NUM_THREADS"] = threads.ToString(CultureInfo.InvariantCulture);
        start.Environment["OMP_WAIT_POLICY"] = "passive";
        Console.WriteLine($"-- peers (numpy, torch), {threads} thread(s): {python} {Path.GetFileName(script)}");
        var measurements = new List<Measurement>();
        try
        {
            using Process process = Process.Start(start)!;
            string? line;
            while ((line = process.StandardOutput.ReadLine()) is not null)
            {
                if (line.StartsWith("INFO ", StringComparison.Ordinal))
                {
                    Console.WriteLine($"   {line}");
                    continue;
                }

                if (!line.StartsWith("RESULT ", StringComparison.Ordinal))
                {
                    continue;
                }

                using JsonDocument json = JsonDocument.Parse(line.AsSpan(7).ToString());
                JsonElement r = json.RootElement;
                var m = new Measurement(
                    r.GetProperty("case").GetString()!, r.GetProperty("impl").GetString()!, threads,
                    r.GetProperty("median_ms").GetDouble(), r.GetProperty("best_ms").GetDouble(), r.GetProperty("reps").GetInt32(),
                    OptionalDouble(r, "loss"), OptionalDouble(r, "grad_checksum"));
                Console.WriteLine($"   {m.Case} {m.Impl,-16}: median {m.MedianMs,9:F3} ms  best {m.BestMs,9:F3} ms  loss {m.Loss:G9}");
                measurements.Add(m);
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

        return measurements;
    }

    private static double? OptionalDouble(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;

    private static string Table(Case[] cases, List<Measurement> results, double bandwidth)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Single-thread read bandwidth in this run: {bandwidth:F1} GB/s. Times are medians in ms; ratio = peer time / our time (above 1: we are faster).");
        text.AppendLine();
        text.AppendLine("| case | threads | ours | ms | GB/s of C | % of read bw | numpy ms | numpy / ours | torch ms (analytic / autograd) | torch / ours | loss ours vs numpy |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (Case c in cases)
        {
            double bytes = (double)c.N * c.D * 4;
            foreach (Measurement ours in results.Where(r => r.Case == c.Name && r.Impl.StartsWith("ours", StringComparison.Ordinal)))
            {
                Measurement? numpy = results.FirstOrDefault(r => r.Case == c.Name && r.Impl == "numpy" && r.Threads == ours.Threads);
                Measurement? analytic = results.FirstOrDefault(r => r.Case == c.Name && r.Impl == "torch_analytic" && r.Threads == ours.Threads);
                Measurement? autograd = results.FirstOrDefault(r => r.Case == c.Name && r.Impl == "torch_autograd" && r.Threads == ours.Threads);
                Measurement? gemms = results.FirstOrDefault(r => r.Case == c.Name && r.Impl == "numpy_2gemm_only" && r.Threads == ours.Threads);
                double? torchBest = new[] { analytic?.MedianMs, autograd?.MedianMs }.Where(x => x is not null).Min();
                double gbps = bytes / (ours.MedianMs / 1e3) / 1e9;
                string lossCheck = numpy?.Loss is { } nl && ours.Loss is { } ol ? $"{Math.Abs(ol - nl) / Math.Abs(nl):E1} rel" : "-";
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"| {c.Name}{(gemms is null ? string.Empty : $" (numpy's 2 GEMMs alone: {gemms.MedianMs:F1} ms)")} | {ours.Threads} | {ours.Impl[5..]} | {ours.MedianMs:F3} | {gbps:F1} | {100 * gbps / bandwidth:F0}% | " +
                    $"{Fmt(numpy?.MedianMs)} | {Ratio(numpy?.MedianMs, ours.MedianMs)} | {Fmt(analytic?.MedianMs)} / {Fmt(autograd?.MedianMs)} | {Ratio(torchBest, ours.MedianMs)} | {lossCheck} |");
            }
        }

        return text.ToString();
    }

    private static string Fmt(double? ms) => ms is { } v ? v.ToString("F3", CultureInfo.InvariantCulture) : "-";

    private static string Ratio(double? peer, double ours) => peer is { } p ? (p / ours).ToString("F2", CultureInfo.InvariantCulture) + "x" : "-";

    private static double SumAbs(ReadOnlySpan<float> values)
    {
        double sum = 0;
        foreach (float v in values)
        {
            sum += Math.Abs(v);
        }

        return sum;
    }

    private static void Write(string dir, string name, float[] values) =>
        File.WriteAllBytes(Path.Combine(dir, name), MemoryMarshal.AsBytes(values.AsSpan()).ToArray());
}
