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
/// <c>factor</c>: our randomized SVD, k-means and cosine kNN against scikit-learn on the same MovieLens-1M-shaped
/// matrix (and 10x the users) in one run, printed as ratios, plus implicit ALS seconds per iteration per million
/// non-zeros. The Python side is benchmarks/peers/factorization_peers.py.
/// </summary>
/// <remarks>
/// Usage: <c>dotnet run -c Release --project benchmarks/Profiles.Core.Benchmarks -- factor [--scales 1,10] [--threads T]
/// [--reps 3] [--markdown FILE] [--python PATH] [--no-peers] [--no-als] [--kmeans-only]</c> (<c>--kmeans-only</c>: one SVD
/// for the embedding, then only k-means on both sides, one fit per seed 0 .. reps-1). Both sides use T threads (default: all
/// processors); scikit-learn runs with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset.
/// </remarks>
internal static class FactorComparison
{
    private const int SvdRank = 64, Oversampling = 10, PowerIterations = 4, Clusters = 20, Neighbors = 20, AlsFactors = 64, AlsIterations = 15;

    private sealed class Row
    {
        public required string Case { get; init; }

        public required string Operation { get; init; }

        public double OursSeconds { get; set; }

        public double? PeerSeconds { get; set; }

        public string Quality { get; set; } = "-";
    }

    public static int Run(string[] args)
    {
        int[] scales = [1, 10];
        int threads = Environment.ProcessorCount;
        int reps = 3;
        string? markdown = null;
        string python = "/usr/bin/python3";
        bool peers = true, als = true, kmeansOnly = false;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--scales": scales = args[++i].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray(); break;
                case "--threads": threads = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--reps": reps = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--markdown": markdown = args[++i]; break;
                case "--python": python = args[++i]; break;
                case "--no-peers": peers = false; break;
                case "--no-als": als = false; break;
                case "--kmeans-only": kmeansOnly = true; als = false; break;
                default: Console.Error.WriteLine($"unknown argument {args[i]}"); return 2;
            }
        }

        string dir = Path.Combine(Path.GetTempPath(), $"profiles-factor-{Environment.ProcessId}");
        Directory.CreateDirectory(dir);
        try
        {
            Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {RuntimeInformation.ProcessArchitecture}, .NET {Environment.Version}, SIMD {SimdMath.Width}; threads {threads}");
            WarmUp(threads);
            var rows = new List<Row>();
            var manifest = new List<Dictionary<string, object>>();
            var oursValues = new Dictionary<string, float[]>();
            var referenceValues = new Dictionary<string, float[]>();
            var oursInertia = new Dictionary<string, double>();
            var oursIterations = new Dictionary<string, string>();
            var oursNeighbors = new Dictionary<string, NeighborList>();
            foreach (int scale in scales)
            {
                string name = $"ml1m_x{scale}";
                var clock = Stopwatch.StartNew();
                SparseMatrix matrix = FactorData.MovieLensShaped(scale);
                Console.WriteLine($"-- {name}: {matrix.Rows:N0} x {matrix.Columns:N0}, {matrix.NonZeroCount:N0} non-zeros ({matrix.SizeInBytes / 1e6:F1} MB CSR), generated in {clock.Elapsed.TotalSeconds:F1} s");

                SvdModel svd = null!;
                double svdTime = Median(kmeansOnly ? 1 : reps, () => svd = new RandomizedSvd(new RandomizedSvdOptions { Rank = SvdRank, Oversampling = Oversampling, PowerIterations = PowerIterations, MaxDegreeOfParallelism = threads }).Fit(matrix));
                Console.WriteLine($"   randomized SVD k={SvdRank} p={Oversampling} q={PowerIterations}: {svdTime:F3} s; s[0] {svd.SingularValues.Span[0]:F2}, s[63] {svd.SingularValues.Span[SvdRank - 1]:F2}");
                rows.Add(new Row { Case = name, Operation = $"randomized SVD k={SvdRank} (p={Oversampling}, q={PowerIterations})", OursSeconds = svdTime });
                oursValues[name] = svd.SingularValues.ToArray();

                // A tighter decomposition as the yardstick for both sides' singular values (20 power iterations, p = 30).
                if (!kmeansOnly)
                {
                    SvdModel reference = new RandomizedSvd(new RandomizedSvdOptions { Rank = SvdRank, Oversampling = 30, PowerIterations = 20, MaxDegreeOfParallelism = threads }).Fit(matrix);
                    referenceValues[name] = reference.SingularValues.ToArray();
                }

                float[] embedding = FactorData.Embedding(svd);
                // k-means depends on its seed (the number of iterations varies by 2x or more), so both sides fit once per
                // seed 0 .. reps-1 and report the medians of time and inertia.
                var kmeansTimes = new List<double>();
                var inertias = new List<double>();
                var iterations = new List<int>();
                for (int seed = 0; seed < reps; seed++)
                {
                    KMeansModel kmeans = null!;
                    kmeansTimes.Add(Median(1, () => kmeans = new KMeansTrainer(new KMeansOptions { Clusters = Clusters, Seed = seed, MaxDegreeOfParallelism = threads }).Fit(embedding, SvdRank)));
                    inertias.Add(kmeans.Inertia);
                    iterations.Add(kmeans.Iterations);
                }

                string perSeed = string.Join(", ", kmeansTimes.Select(t => t.ToString("F3", CultureInfo.InvariantCulture)));
                kmeansTimes.Sort();
                inertias.Sort();
                double kmeansTime = kmeansTimes[reps / 2];
                Console.WriteLine($"   k-means k={Clusters} on the 64-d embedding, seeds 0..{reps - 1}: median {kmeansTime:F3} s (per seed {perSeed}), iterations {string.Join(", ", iterations)}, median inertia {inertias[reps / 2]:G6}");
                rows.Add(new Row { Case = name, Operation = $"k-means k={Clusters} (64-d embedding, median of {reps} seeds)", OursSeconds = kmeansTime });
                oursInertia[name] = inertias[reps / 2];
                oursIterations[name] = string.Join("/", iterations);

                if (kmeansOnly)
                {
                    rows.RemoveAll(r => r.Case == name && r.Operation.StartsWith("randomized SVD", StringComparison.Ordinal));
                }

                if (!kmeansOnly)
                {
                    NeighborList neighbors = null!;
                    double knnTime = Median(matrix.Rows > 10_000 ? 1 : reps, () => neighbors = new NearestNeighbors(new NearestNeighborsOptions { Neighbors = Neighbors, MaxDegreeOfParallelism = threads }).Search(embedding, SvdRank));
                    Console.WriteLine($"   cosine kNN k={Neighbors}, all {matrix.Rows:N0} rows: {knnTime:F3} s");
                    rows.Add(new Row { Case = name, Operation = $"cosine kNN k={Neighbors}, all rows (64-d)", OursSeconds = knnTime });
                    oursNeighbors[name] = neighbors;
                }

                if (als)
                {
                    var marks = new List<double>();
                    var watch = Stopwatch.StartNew();
                    var progress = new Marks(marks, watch);
                    ImplicitAlsModel model = new ImplicitAlsTrainer(new ImplicitAlsOptions { Factors = AlsFactors, Iterations = AlsIterations, MaxDegreeOfParallelism = threads }).Fit(matrix, progress);
                    double total = watch.Elapsed.TotalSeconds;
                    var perIteration = new List<double> { marks[0] };
                    for (int i = 1; i < marks.Count; i++)
                    {
                        perIteration.Add(marks[i] - marks[i - 1]);
                    }

                    perIteration.Sort();
                    double median = perIteration[perIteration.Count / 2];
                    double perMillion = median / (matrix.NonZeroCount / 1e6);
                    Console.WriteLine($"   implicit ALS {AlsFactors} factors, {AlsIterations} iterations: {total:F2} s in all, median iteration {median:F3} s = {perMillion:F3} s per iteration per million non-zeros; loss {model.LossHistory[0]:G6} -> {model.LossHistory[^1]:G6}");
                    rows.Add(new Row { Case = name, Operation = $"implicit ALS {AlsFactors} factors, per iteration (s per M nnz: {perMillion:F3})", OursSeconds = median, Quality = "no peer (implicit not installable)" });
                }

                Write(dir, $"{name}_indptr.i32", MemoryMarshal.AsBytes(matrix.RowPointers));
                Write(dir, $"{name}_indices.i32", MemoryMarshal.AsBytes(matrix.ColumnIndices));
                Write(dir, $"{name}_values.f32", MemoryMarshal.AsBytes(matrix.Values));
                Write(dir, $"{name}_embedding.f32", MemoryMarshal.AsBytes(embedding.AsSpan()));
                manifest.Add(new()
                {
                    ["name"] = name, ["rows"] = matrix.Rows, ["cols"] = matrix.Columns, ["nnz"] = matrix.NonZeroCount,
                    ["indptr"] = $"{name}_indptr.i32", ["indices"] = $"{name}_indices.i32", ["values"] = $"{name}_values.f32",
                    ["embedding"] = $"{name}_embedding.f32", ["dims"] = SvdRank,
                    ["svd"] = new Dictionary<string, int> { ["k"] = SvdRank, ["oversampling"] = Oversampling, ["iterations"] = PowerIterations },
                    ["kmeans"] = new Dictionary<string, int> { ["k"] = Clusters },
                    ["knn"] = new Dictionary<string, int> { ["k"] = Neighbors },
                });
                GC.Collect();
            }

            File.WriteAllText(Path.Combine(dir, "manifest.json"), JsonSerializer.Serialize(new Dictionary<string, object> { ["cases"] = manifest }));
            if (peers)
            {
                RunPeers(python, dir, threads, reps, rows, oursValues, referenceValues, oursInertia, oursIterations, oursNeighbors, kmeansOnly ? "kmeans" : "svd,kmeans,knn");
            }

            string table = Table(rows, threads);
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

    private sealed class Marks(List<double> marks, Stopwatch watch) : IProgress<AlsProgress>
    {
        public void Report(AlsProgress value) => marks.Add(watch.Elapsed.TotalSeconds);
    }

    /// <summary>Runs every algorithm on a small matrix so that the timed runs use fully compiled code.</summary>
    private static void WarmUp(int threads)
    {
        SparseMatrix small = FactorData.MovieLensShaped(1, seed: 99);
        for (int round = 0; round < 2; round++)
        {
            SvdModel svd = new RandomizedSvd(new RandomizedSvdOptions { Rank = SvdRank, MaxDegreeOfParallelism = threads }).Fit(small);
            float[] embedding = FactorData.Embedding(svd);
            _ = new KMeansTrainer(new KMeansOptions { Clusters = Clusters, MaxDegreeOfParallelism = threads }).Fit(embedding, SvdRank);
            _ = new NearestNeighbors(new NearestNeighborsOptions { Neighbors = Neighbors, MaxDegreeOfParallelism = threads }).Search(embedding.AsMemory(0, 1000 * SvdRank), SvdRank);
            _ = new ImplicitAlsTrainer(new ImplicitAlsOptions { Factors = AlsFactors, Iterations = 2, MaxDegreeOfParallelism = threads }).Fit(small);
        }
    }

    private static double Median(int reps, Action action)
    {
        var times = new List<double>();
        for (int r = 0; r < reps; r++)
        {
            long start = Stopwatch.GetTimestamp();
            action();
            times.Add(Stopwatch.GetElapsedTime(start).TotalSeconds);
        }

        times.Sort();
        return times[times.Count / 2];
    }

    private static void RunPeers(string python, string dir, int threads, int reps, List<Row> rows,
        Dictionary<string, float[]> oursValues, Dictionary<string, float[]> referenceValues, Dictionary<string, double> oursInertia, Dictionary<string, string> oursIterations, Dictionary<string, NeighborList> oursNeighbors, string only)
    {
        string script = Path.Combine(AppContext.BaseDirectory, "peers", "factorization_peers.py");
        var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in new[] { script, "--data", dir, "--threads", threads.ToString(CultureInfo.InvariantCulture), "--reps", reps.ToString(CultureInfo.InvariantCulture), "--only", only })
        {
            start.ArgumentList.Add(a);
        }

        start.Environment.Remove("OPENBLAS_CORETYPE");
        start.Environment.Remove("OPENBLAS_L2_SIZE");
        start.Environment["OMP_NUM_THREADS"] = threads.ToString(CultureInfo.InvariantCulture);
        start.Environment["OPENBLAS_NUM_THREADS"] = threads.ToString(CultureInfo.InvariantCulture);
        Console.WriteLine($"-- peers (scikit-learn), {threads} thread(s): {python} {Path.GetFileName(script)}");
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
                string name = r.GetProperty("case").GetString()!;
                string impl = r.GetProperty("impl").GetString()!;
                double median = r.GetProperty("median_s").GetDouble();
                Console.WriteLine($"   {name} {impl}: median {median:F3} s");
                Row? row = impl switch
                {
                    "sklearn_svd" => rows.FirstOrDefault(x => x.Case == name && x.Operation.StartsWith("randomized SVD", StringComparison.Ordinal)),
                    "sklearn_kmeans" => rows.FirstOrDefault(x => x.Case == name && x.Operation.StartsWith("k-means", StringComparison.Ordinal)),
                    "sklearn_knn" => rows.FirstOrDefault(x => x.Case == name && x.Operation.StartsWith("cosine kNN", StringComparison.Ordinal)),
                    _ => null,
                };
                if (row is null)
                {
                    continue;
                }

                row.PeerSeconds = median;
                if (impl == "sklearn_svd")
                {
                    float[] ours = oursValues[name];
                    float[] reference = referenceValues[name];
                    double oursError = 0, theirsError = 0, oursTop = 0, theirsTop = 0;
                    int j = 0;
                    foreach (JsonElement v in r.GetProperty("singular_values").EnumerateArray())
                    {
                        double theirs = Math.Abs(v.GetDouble() - reference[j]) / reference[j];
                        double mine = Math.Abs(ours[j] - reference[j]) / reference[j];
                        oursError = Math.Max(oursError, mine);
                        theirsError = Math.Max(theirsError, theirs);
                        if (j < 10)
                        {
                            oursTop = Math.Max(oursTop, mine);
                            theirsTop = Math.Max(theirsTop, theirs);
                        }

                        j++;
                    }

                    row.Quality = string.Create(CultureInfo.InvariantCulture,
                        $"singular values vs a q=20, p=30 run, max relative error: ours {oursError:E1} (top 10: {oursTop:E1}), sklearn {theirsError:E1} (top 10: {theirsTop:E1})");
                }
                else if (impl == "sklearn_kmeans")
                {
                    double theirs = r.GetProperty("inertia").GetDouble();
                    double ours = oursInertia[name];
                    row.Quality = string.Create(CultureInfo.InvariantCulture,
                        $"median inertia ours {ours:G5} vs {theirs:G5} ({(ours >= theirs ? "+" : "-")}{Math.Abs(100 * (ours - theirs) / theirs):F2}%); iterations ours {oursIterations[name]}, sklearn {r.GetProperty("iterations").GetString()}");
                }
                else
                {
                    row.Quality = NeighborAgreement(Path.Combine(dir, name + "_sklearn_knn.i32"), oursNeighbors[name]);
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
    }

    /// <summary>The fraction of scikit-learn's neighbours that ours also return (near-ties can swap the last ones).</summary>
    private static string NeighborAgreement(string path, NeighborList ours)
    {
        if (!File.Exists(path))
        {
            return "-";
        }

        int[] theirs = MemoryMarshal.Cast<byte, int>(File.ReadAllBytes(path)).ToArray();
        int k = ours.Neighbors;
        long same = 0;
        var set = new HashSet<int>();
        for (int q = 0; q < ours.Queries; q++)
        {
            set.Clear();
            set.UnionWith(ours.IndicesOf(q).ToArray());
            for (int j = 0; j < k; j++)
            {
                same += set.Contains(theirs[(q * k) + j]) ? 1 : 0;
            }
        }

        return string.Create(CultureInfo.InvariantCulture, $"same neighbour sets: {100.0 * same / ((long)ours.Queries * k):F3}% of entries");
    }

    private static string Table(List<Row> rows, int threads)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{threads} thread(s) on both sides. Times are medians in seconds; ratio = scikit-learn time / our time (above 1: we are faster).");
        text.AppendLine();
        text.AppendLine("| data | operation | ours s | scikit-learn s | ratio | quality check |");
        text.AppendLine("|---|---|---|---|---|---|");
        foreach (Row row in rows)
        {
            string peer = row.PeerSeconds is { } p ? p.ToString("F3", CultureInfo.InvariantCulture) : "-";
            string ratio = row.PeerSeconds is { } q ? (q / row.OursSeconds).ToString("F2", CultureInfo.InvariantCulture) + "x" : "-";
            text.AppendLine(CultureInfo.InvariantCulture, $"| {row.Case} | {row.Operation} | {row.OursSeconds:F3} | {peer} | {ratio} | {row.Quality} |");
        }

        return text.ToString();
    }

    private static void Write(string dir, string name, ReadOnlySpan<byte> bytes)
    {
        using var file = File.Create(Path.Combine(dir, name));
        file.Write(bytes);
    }
}
