// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Threading;

namespace Profiles.Core;

/// <summary>
/// Clusters the rows of a dense matrix by k-means: greedy k-means++ initialisation, then Lloyd iterations accelerated
/// with Hamerly's bounds.
/// </summary>
/// <remarks>
/// <para>
/// Initialisation follows scikit-learn's greedy k-means++: each new centre is the best (lowest resulting inertia) of
/// <c>2 + ln k</c> candidates drawn with probability proportional to the squared distance to the nearest centre so far.
/// </para>
/// <para>
/// Each Lloyd iteration moves every centroid to the mean of its rows (accumulated in double), then reassigns the rows.
/// Hamerly's algorithm (2010) keeps for every row an upper bound on the distance to its centroid and a lower bound on the
/// distance to the second closest; a row whose exact distance to its centroid is within both the lower bound and half
/// the distance from its centroid to the nearest other centroid keeps its cluster without computing the other
/// <c>k - 1</c> distances. The exact distance to the assigned centroid is computed for every row, which gives the
/// inertia of every iteration exactly; by the Lloyd argument (the mean step, then the nearest-centroid step, can only
/// lower it) <see cref="KMeansModel.InertiaHistory"/> never increases, up to float rounding of the distances. A cluster
/// that becomes empty is moved to the row farthest from its centroid (scikit-learn does the same).
/// </para>
/// <para>
/// Distances are computed as <c>sum (x - c)²</c> with SIMD (no <c>||x||² - 2 x·c + ||c||²</c> cancellation). Rows are
/// processed in parallel in fixed chunks whose sums are combined in chunk order, so the same seed and input give the
/// same clusters on any thread count. Instances are immutable and thread-safe.
/// </para>
/// </remarks>
public sealed class KMeansTrainer
{
    private readonly KMeansOptions _options;

    /// <summary>Initializes a new instance of the <see cref="KMeansTrainer"/> class.</summary>
    /// <param name="options">The options, copied; <see langword="null"/> for the defaults.</param>
    public KMeansTrainer(KMeansOptions? options = null)
    {
        _options = (options ?? new KMeansOptions()).Clone();
    }

    /// <summary>Gets a copy of the options in use.</summary>
    public KMeansOptions Options => _options.Clone();

    /// <summary>Clusters the rows of <paramref name="data"/>.</summary>
    /// <param name="data">The data, row-major <c>rows x dimensions</c>; finite.</param>
    /// <param name="dimensions">The number of columns.</param>
    /// <param name="progress">Receives the inertia after the initial assignment and after every iteration; may be <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels between iterations and chunks.</param>
    /// <returns>The model: centroids, the training rows' labels, the inertia per iteration.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dimensions"/> is below 1.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="data"/> is not a whole number of rows, has fewer rows than clusters, or holds NaN or infinity.
    /// </exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public KMeansModel Fit(ReadOnlyMemory<float> data, int dimensions, IProgress<KMeansProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        _ = Throw.IfLessThan(dimensions, 1);
        if (data.Length % dimensions != 0)
        {
            Throw.Argument(nameof(data), $"The data ({data.Length} floats) is not a whole number of rows of {dimensions}.");
        }

        int rows = data.Length / dimensions;
        if (rows < _options.Clusters)
        {
            Throw.Argument(nameof(data), $"The data has {rows} rows, fewer than the {_options.Clusters} clusters.");
        }

        Throw.IfAnyNotFinite(data.Span, nameof(data));
        var run = new Run(data, rows, dimensions, _options, progress, cancellationToken);
        return run.Fit();
    }

    /// <summary>
    /// Returns <c>sum (x - y)²</c> over <paramref name="length"/> floats: one vector accumulator, folded and summed exactly as
    /// <see cref="SquaredDistance4"/> sums each of its four, then the scalar tail, so both give bit-identical distances.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static float SquaredDistance<TV>(ref float x, ref float y, int length)
        where TV : struct, ISimdVector<TV>
    {
        nuint w = (nuint)TV.Count;
        nuint n = (nuint)length;
        nuint i = 0;
        float sum = 0f;
        if (TV.Count > 1 && n >= w)
        {
            TV minusOne = TV.Broadcast(-1f);
            TV a = TV.Zero;
            for (; i + w <= n; i += w)
            {
                TV d = TV.MultiplyAdd(minusOne, TV.Load(ref y, i), TV.Load(ref x, i));
                a = TV.MultiplyAdd(d, d, a);
            }

            sum = SimdMath.SumEach(TV.Fold(a), Vector128<float>.Zero, Vector128<float>.Zero, Vector128<float>.Zero).GetElement(0);
        }

        if (i < n)
        {
            float t = 0f;
            for (; i < n; i++)
            {
                float d = Unsafe.Add(ref x, i) - Unsafe.Add(ref y, i);
                t += d * d;
            }

            sum += t;
        }

        return sum;
    }

    /// <summary>Returns the squared distances from <paramref name="x"/> to four centroids, sharing the loads of x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector128<float> SquaredDistance4<TV>(ref float x, ref float c0, ref float c1, ref float c2, ref float c3, int length)
        where TV : struct, ISimdVector<TV>
    {
        nuint w = (nuint)TV.Count;
        nuint n = (nuint)length;
        nuint i = 0;
        Vector128<float> sums = Vector128<float>.Zero;
        if (TV.Count > 1 && n >= w)
        {
            TV minusOne = TV.Broadcast(-1f);
            TV a0 = TV.Zero, a1 = TV.Zero, a2 = TV.Zero, a3 = TV.Zero;
            for (; i + w <= n; i += w)
            {
                TV xv = TV.Load(ref x, i);
                TV d0 = TV.MultiplyAdd(minusOne, TV.Load(ref c0, i), xv);
                TV d1 = TV.MultiplyAdd(minusOne, TV.Load(ref c1, i), xv);
                TV d2 = TV.MultiplyAdd(minusOne, TV.Load(ref c2, i), xv);
                TV d3 = TV.MultiplyAdd(minusOne, TV.Load(ref c3, i), xv);
                a0 = TV.MultiplyAdd(d0, d0, a0);
                a1 = TV.MultiplyAdd(d1, d1, a1);
                a2 = TV.MultiplyAdd(d2, d2, a2);
                a3 = TV.MultiplyAdd(d3, d3, a3);
            }

            sums = SimdMath.SumEach(TV.Fold(a0), TV.Fold(a1), TV.Fold(a2), TV.Fold(a3));
        }

        if (i < n)
        {
            float t0 = 0f, t1 = 0f, t2 = 0f, t3 = 0f;
            for (; i < n; i++)
            {
                float xi = Unsafe.Add(ref x, i);
                float d0 = xi - Unsafe.Add(ref c0, i);
                float d1 = xi - Unsafe.Add(ref c1, i);
                float d2 = xi - Unsafe.Add(ref c2, i);
                float d3 = xi - Unsafe.Add(ref c3, i);
                t0 += d0 * d0;
                t1 += d1 * d1;
                t2 += d2 * d2;
                t3 += d3 * d3;
            }

            sums += Vector128.Create(t0, t1, t2, t3);
        }

        return sums;
    }

    /// <summary>Returns the index of the nearest of <paramref name="clusters"/> centroids (ties: the lowest index) and the two smallest squared distances.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int Nearest<TV>(ref float x, ref float centers, int clusters, int d, out float best, out float second)
        where TV : struct, ISimdVector<TV>
    {
        best = float.PositiveInfinity;
        second = float.PositiveInfinity;
        int arg = 0;
        nuint stride = (nuint)d;
        int c = 0;
        for (; c + 4 <= clusters; c += 4)
        {
            ref float c0 = ref Unsafe.Add(ref centers, (nuint)c * stride);
            Vector128<float> distances = SquaredDistance4<TV>(
                ref x, ref c0, ref Unsafe.Add(ref c0, stride), ref Unsafe.Add(ref c0, 2 * stride), ref Unsafe.Add(ref c0, 3 * stride), d);
            for (int j = 0; j < 4; j++)
            {
                Consider(distances.GetElement(j), c + j, ref best, ref second, ref arg);
            }
        }

        for (; c < clusters; c++)
        {
            Consider(SquaredDistance<TV>(ref x, ref Unsafe.Add(ref centers, (nuint)c * stride), d), c, ref best, ref second, ref arg);
        }

        return arg;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Consider(float distance, int c, ref float best, ref float second, ref int arg)
    {
        if (distance < best)
        {
            second = best;
            best = distance;
            arg = c;
        }
        else if (distance < second)
        {
            second = distance;
        }
    }

    /// <summary>The state of one fit.</summary>
    private sealed class Run
    {
        private readonly ReadOnlyMemory<float> _data;
        private readonly int _rows;
        private readonly int _d;
        private readonly int _k;
        private readonly KMeansOptions _options;
        private readonly CancellationToken _cancellationToken;
        private readonly IProgress<KMeansProgress>? _progress;
        private readonly int[] _bounds;
        private readonly int _threads;
        private readonly float[] _centers;
        private readonly int[] _labels;
        private readonly float[] _upper;
        private readonly float[] _lower;
        private readonly double[] _sums;
        private readonly int[] _counts;
        private readonly double[] _inertia;
        private readonly int[] _changed;
        private readonly float[] _half;
        private readonly float[] _moves;

        public Run(ReadOnlyMemory<float> data, int rows, int d, KMeansOptions options, IProgress<KMeansProgress>? progress, CancellationToken cancellationToken)
        {
            _progress = progress;
            _data = data;
            _rows = rows;
            _d = d;
            _k = options.Clusters;
            _options = options;
            _cancellationToken = cancellationToken;
            // At most 64 chunks, fewer when k x d is large, so the per-chunk sums stay under about 128 MB; the chunking
            // depends only on the data's shape, never on the thread count.
            int maxChunks = (int)Math.Clamp(16_777_216L / ((long)_k * d), 1, 64);
            _bounds = RowChunks.Even(rows, Math.Max(256, (rows + maxChunks - 1) / maxChunks));
            int chunks = _bounds.Length - 1;
            _threads = RowChunks.Threads(options.MaxDegreeOfParallelism, chunks);
            _centers = new float[_k * d];
            _labels = new int[rows];
            _upper = new float[rows];
            _lower = new float[rows];
            _sums = new double[chunks * _k * d];
            _counts = new int[chunks * _k];
            _inertia = new double[chunks];
            _changed = new int[chunks];
            _half = new float[_k];
            _moves = new float[_k];
        }

        public KMeansModel Fit()
        {
            Initialize();
            var history = new List<double>();
            Pass(full: true);
            history.Add(Sum(_inertia));
            _progress?.Report(new KMeansProgress(0, _options.MaxIterations, history[0]));
            double tolerance = _options.Tolerance * MeanVariance();
            int iterations = 0;
            for (int iteration = 1; iteration <= _options.MaxIterations; iteration++)
            {
                _cancellationToken.ThrowIfCancellationRequested();
                double shift = UpdateCenters();
                Pass(full: false);
                history.Add(Sum(_inertia));
                iterations = iteration;
                _progress?.Report(new KMeansProgress(iteration, _options.MaxIterations, history[^1]));
                int changed = 0;
                foreach (int c in _changed)
                {
                    changed += c;
                }

                if (changed == 0 || shift <= tolerance)
                {
                    break;
                }
            }

            return new KMeansModel(_k, _d, (float[])_centers.Clone(), (int[])_labels.Clone(), iterations, history.ToArray());
        }

        /// <summary>Greedy k-means++ (scikit-learn's <c>_kmeans_plusplus</c>).</summary>
        private void Initialize()
        {
            var random = new FactorRandom((ulong)(uint)_options.Seed, 3);
            ReadOnlySpan<float> data = _data.Span;
            int first = random.NextInt(_rows);
            data.Slice(first * _d, _d).CopyTo(_centers);
            if (_k == 1)
            {
                return;
            }

            int trials = 2 + (int)Math.Log(_k);
            int chunks = _bounds.Length - 1;
            var closest = new float[_rows];
            var candidateDistances = new float[trials * _rows];
            var potentials = new double[chunks * trials];
            var cumulative = new double[_rows];
            var candidates = new int[trials];

            // Distances to the first centre.
            RowChunks.Run(_bounds, _threads, (chunk, start, end) =>
            {
                ReadOnlySpan<float> x = _data.Span;
                double sum = 0;
                for (int i = start; i < end; i++)
                {
                    closest[i] = Distance(x.Slice(i * _d, _d), _centers.AsSpan(0, _d));
                    sum += closest[i];
                }

                potentials[chunk] = sum;
            }, _cancellationToken);
            double potential = 0;
            for (int chunk = 0; chunk < chunks; chunk++)
            {
                potential += potentials[chunk];
            }

            for (int center = 1; center < _k; center++)
            {
                _cancellationToken.ThrowIfCancellationRequested();
                double running = 0;
                for (int i = 0; i < _rows; i++)
                {
                    running += closest[i];
                    cumulative[i] = running;
                }

                for (int t = 0; t < trials; t++)
                {
                    double target = random.NextDouble() * potential;
                    int index = LowerBound(cumulative, target);
                    candidates[t] = Math.Min(index, _rows - 1);
                }

                RowChunks.Run(_bounds, _threads, (chunk, start, end) =>
                {
                    ReadOnlySpan<float> x = _data.Span;
                    for (int t = 0; t < trials; t++)
                    {
                        ReadOnlySpan<float> candidate = x.Slice(candidates[t] * _d, _d);
                        Span<float> distances = candidateDistances.AsSpan(t * _rows, _rows);
                        double sum = 0;
                        for (int i = start; i < end; i++)
                        {
                            float distance = Math.Min(closest[i], Distance(x.Slice(i * _d, _d), candidate));
                            distances[i] = distance;
                            sum += distance;
                        }

                        potentials[(chunk * trials) + t] = sum;
                    }
                }, _cancellationToken);

                int best = 0;
                double bestPotential = double.PositiveInfinity;
                for (int t = 0; t < trials; t++)
                {
                    double sum = 0;
                    for (int chunk = 0; chunk < chunks; chunk++)
                    {
                        sum += potentials[(chunk * trials) + t];
                    }

                    if (sum < bestPotential)
                    {
                        bestPotential = sum;
                        best = t;
                    }
                }

                potential = bestPotential;
                candidateDistances.AsSpan(best * _rows, _rows).CopyTo(closest);
                data.Slice(candidates[best] * _d, _d).CopyTo(_centers.AsSpan(center * _d, _d));
            }
        }

        /// <summary>Assigns every row (all distances when <paramref name="full"/>, else with Hamerly's bounds) and accumulates the chunk sums.</summary>
        private void Pass(bool full)
        {
            float maxMove = 0, secondMove = 0;
            int argMax = -1;
            if (!full)
            {
                for (int c = 0; c < _k; c++)
                {
                    if (_moves[c] > maxMove)
                    {
                        secondMove = maxMove;
                        maxMove = _moves[c];
                        argMax = c;
                    }
                    else if (_moves[c] > secondMove)
                    {
                        secondMove = _moves[c];
                    }
                }

                // Half the distance from each centroid to its nearest other centroid.
                for (int c = 0; c < _k; c++)
                {
                    float nearest = float.PositiveInfinity;
                    for (int o = 0; o < _k; o++)
                    {
                        if (o != c)
                        {
                            nearest = Math.Min(nearest, Distance(_centers.AsSpan(c * _d, _d), _centers.AsSpan(o * _d, _d)));
                        }
                    }

                    _half[c] = 0.5f * MathF.Sqrt(nearest);
                }
            }

            RowChunks.Run(_bounds, _threads, (chunk, start, end) =>
            {
                switch (SimdMath.Width)
                {
                    case SimdWidth.Vector512: AssignChunk<Vec512>(chunk, start, end, full, maxMove, secondMove, argMax); break;
                    case SimdWidth.Vector256: AssignChunk<Vec256>(chunk, start, end, full, maxMove, secondMove, argMax); break;
                    case SimdWidth.Vector128: AssignChunk<Vec128>(chunk, start, end, full, maxMove, secondMove, argMax); break;
                    default: AssignChunk<Vec1>(chunk, start, end, full, maxMove, secondMove, argMax); break;
                }
            }, _cancellationToken);
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void AssignChunk<TV>(int chunk, int start, int end, bool full, float maxMove, float secondMove, int argMax)
            where TV : struct, ISimdVector<TV>
        {
            int d = _d;
            ref float data = ref MemoryMarshal.GetReference(_data.Span);
            ref float centers = ref MemoryMarshal.GetArrayDataReference(_centers);
            Span<double> sums = _sums.AsSpan(chunk * _k * d, _k * d);
            Span<int> counts = _counts.AsSpan(chunk * _k, _k);
            sums.Clear();
            counts.Clear();
            double inertia = 0;
            int changed = 0;
            for (int i = start; i < end; i++)
            {
                ref float x = ref Unsafe.Add(ref data, (nuint)i * (nuint)d);
                int label;
                float distance;
                if (full)
                {
                    label = Nearest<TV>(ref x, ref centers, _k, d, out distance, out float second);
                    _upper[i] = MathF.Sqrt(distance);
                    _lower[i] = MathF.Sqrt(second);
                    changed++;
                }
                else
                {
                    label = _labels[i];
                    float lower = _lower[i] - (label == argMax ? secondMove : maxMove);
                    distance = SquaredDistance<TV>(ref x, ref Unsafe.Add(ref centers, (nuint)label * (nuint)d), d);
                    float upper = MathF.Sqrt(distance);

                    // A small margin keeps the test conservative against the rounding of the bounds.
                    if (upper > Math.Max(_half[label], lower) * 0.99999f)
                    {
                        int nearest = Nearest<TV>(ref x, ref centers, _k, d, out float best, out float second);
                        if (nearest != label && best < distance)
                        {
                            label = nearest;
                            distance = best;
                            changed++;
                        }

                        lower = MathF.Sqrt(label == nearest ? second : best);
                        upper = MathF.Sqrt(distance);
                    }

                    _upper[i] = upper;
                    _lower[i] = lower;
                }

                _labels[i] = label;
                inertia += distance;
                counts[label]++;
                AddWidened(ref x, sums.Slice(label * d, d));
            }

            _inertia[chunk] = inertia;
            _changed[chunk] = changed;
        }

        /// <summary>Adds the floats at <paramref name="x"/> to <paramref name="sum"/> in double, a vector at a time.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void AddWidened(ref float x, Span<double> sum)
        {
            int n = sum.Length;
            int j = 0;
            ref double s = ref MemoryMarshal.GetReference(sum);
            if (Vector512.IsHardwareAccelerated)
            {
                for (; j + 16 <= n; j += 16)
                {
                    (Vector512<double> lower, Vector512<double> upper) = Vector512.Widen(Vector512.LoadUnsafe(ref x, (nuint)j));
                    (Vector512.LoadUnsafe(ref s, (nuint)j) + lower).StoreUnsafe(ref s, (nuint)j);
                    (Vector512.LoadUnsafe(ref s, (nuint)j + 8) + upper).StoreUnsafe(ref s, (nuint)j + 8);
                }
            }
            else if (Vector256.IsHardwareAccelerated)
            {
                for (; j + 8 <= n; j += 8)
                {
                    (Vector256<double> lower, Vector256<double> upper) = Vector256.Widen(Vector256.LoadUnsafe(ref x, (nuint)j));
                    (Vector256.LoadUnsafe(ref s, (nuint)j) + lower).StoreUnsafe(ref s, (nuint)j);
                    (Vector256.LoadUnsafe(ref s, (nuint)j + 4) + upper).StoreUnsafe(ref s, (nuint)j + 4);
                }
            }

            for (; j < n; j++)
            {
                Unsafe.Add(ref s, j) += Unsafe.Add(ref x, j);
            }
        }

        /// <summary>Moves every centroid to the mean of its rows (an empty one to the farthest row); returns the summed squared movement.</summary>
        private double UpdateCenters()
        {
            int chunks = _bounds.Length - 1;
            var mean = new double[_d];
            var taken = new HashSet<int>();
            var counts = new int[_k];
            for (int chunk = 0; chunk < chunks; chunk++)
            {
                for (int c = 0; c < _k; c++)
                {
                    counts[c] += _counts[(chunk * _k) + c];
                }
            }

            double shift = 0;
            for (int c = 0; c < _k; c++)
            {
                Span<float> center = _centers.AsSpan(c * _d, _d);
                if (counts[c] == 0)
                {
                    // Relocate to the row farthest from its centroid (whose cluster keeps at least one other row).
                    int far = -1;
                    float farthest = -1;
                    for (int i = 0; i < _rows; i++)
                    {
                        if (_upper[i] > farthest && counts[_labels[i]] > 1 && !taken.Contains(i))
                        {
                            farthest = _upper[i];
                            far = i;
                        }
                    }

                    if (far < 0)
                    {
                        _moves[c] = 0;
                        continue;
                    }

                    _ = taken.Add(far);
                    ReadOnlySpan<float> row = _data.Span.Slice(far * _d, _d);
                    float moved = MathF.Sqrt(Distance(row, center));
                    row.CopyTo(center);
                    _moves[c] = moved;
                    shift += (double)moved * moved;
                    continue;
                }

                Array.Clear(mean);
                for (int chunk = 0; chunk < chunks; chunk++)
                {
                    ReadOnlySpan<double> part = _sums.AsSpan(((chunk * _k) + c) * _d, _d);
                    for (int j = 0; j < _d; j++)
                    {
                        mean[j] += part[j];
                    }
                }

                double move = 0;
                for (int j = 0; j < _d; j++)
                {
                    float value = (float)(mean[j] / counts[c]);
                    double delta = value - center[j];
                    move += delta * delta;
                    center[j] = value;
                }

                _moves[c] = (float)Math.Sqrt(move);
                shift += move;
            }

            return shift;
        }

        /// <summary>Returns the mean over columns of the per-column variance (scikit-learn's tolerance scale).</summary>
        private double MeanVariance()
        {
            ReadOnlySpan<float> data = _data.Span;
            var mean = new double[_d];
            var square = new double[_d];
            for (int i = 0; i < _rows; i++)
            {
                ReadOnlySpan<float> row = data.Slice(i * _d, _d);
                for (int j = 0; j < _d; j++)
                {
                    mean[j] += row[j];
                    square[j] += (double)row[j] * row[j];
                }
            }

            double total = 0;
            for (int j = 0; j < _d; j++)
            {
                double m = mean[j] / _rows;
                total += Math.Max(0, (square[j] / _rows) - (m * m));
            }

            return total / _d;
        }

        private static float Distance(ReadOnlySpan<float> x, ReadOnlySpan<float> y) => SimdMath.Width switch
        {
            SimdWidth.Vector512 => SquaredDistance<Vec512>(ref MemoryMarshal.GetReference(x), ref MemoryMarshal.GetReference(y), x.Length),
            SimdWidth.Vector256 => SquaredDistance<Vec256>(ref MemoryMarshal.GetReference(x), ref MemoryMarshal.GetReference(y), x.Length),
            SimdWidth.Vector128 => SquaredDistance<Vec128>(ref MemoryMarshal.GetReference(x), ref MemoryMarshal.GetReference(y), x.Length),
            _ => SquaredDistance<Vec1>(ref MemoryMarshal.GetReference(x), ref MemoryMarshal.GetReference(y), x.Length),
        };

        private static int LowerBound(double[] sorted, double value)
        {
            int lo = 0, hi = sorted.Length;
            while (lo < hi)
            {
                int mid = (lo + hi) >>> 1;
                if (sorted[mid] < value)
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid;
                }
            }

            return lo;
        }

        private static double Sum(double[] values)
        {
            double sum = 0;
            foreach (double value in values)
            {
                sum += value;
            }

            return sum;
        }
    }
}
