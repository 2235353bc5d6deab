// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Buffers;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;

namespace Profiles.Core;

/// <content>The batched one-pass kernel: many users against the same items.</content>
public static partial class FusionKernel
{
    /// <summary>
    /// Computes the loss and <c>dL/dU</c> for <c>b</c> users against the same items in one streaming pass over
    /// <c>C</c>: per block of item rows, the block's logits for all users come from a register-blocked dense product,
    /// each user's running maximum and sums are updated, and a second small product accumulates the weighted item
    /// rows. The <c>b x n</c> logit matrix is never materialised.
    /// </summary>
    /// <param name="items">The item matrix <c>C</c>, row-major <c>n x d</c>, <c>n &gt;= 1</c>.</param>
    /// <param name="dimensions">The dimension <c>d</c>, at least 1.</param>
    /// <param name="users">The user profiles, row-major <c>b x d</c>, <c>b &gt;= 1</c>.</param>
    /// <param name="texts">The text profiles, row-major <c>b x d</c>.</param>
    /// <param name="anchors">The behaviour profiles, row-major <c>b x d</c>; may be empty when <c>alpha</c> is 0.</param>
    /// <param name="objective">The weights <c>lambda</c> and <c>alpha</c>.</param>
    /// <param name="userGradients">Receives <c>dL/dU</c> for every user, row-major <c>b x d</c>.</param>
    /// <param name="losses">Receives every user's loss (length <c>b</c>).</param>
    /// <param name="maxDegreeOfParallelism">The most threads to use, or -1 for <see cref="Environment.ProcessorCount"/>.</param>
    /// <exception cref="ArgumentException">A length does not match, <c>n</c>, <c>b</c> or <c>d</c> is zero, or an input holds NaN or infinity.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dimensions"/> is not positive or <paramref name="maxDegreeOfParallelism"/> is 0 or below -1.</exception>
    /// <remarks>
    /// Users are split among threads in tiles of four, and each user's arithmetic is the same whichever thread and
    /// tile it falls in, so the results are identical for any <paramref name="maxDegreeOfParallelism"/>.
    /// </remarks>
    public static void LossAndGradientBatch(
        ReadOnlyMemory<float> items, int dimensions, ReadOnlyMemory<float> users, ReadOnlyMemory<float> texts, ReadOnlyMemory<float> anchors,
        FusionObjective objective, Memory<float> userGradients, Memory<FusionLoss> losses, int maxDegreeOfParallelism = -1)
    {
        int n = ValidateItems(items.Span, dimensions);
        if (users.IsEmpty || users.Length % dimensions != 0)
        {
            Throw.Argument(nameof(users), $"The users must be a non-empty b x d matrix with d = {dimensions}; they hold {users.Length} floats.");
        }

        int b = users.Length / dimensions;
        ValidateBatchMatrix(users.Span, b * dimensions, nameof(users));
        ValidateBatchMatrix(texts.Span, b * dimensions, nameof(texts));
        if (!anchors.IsEmpty || objective.Alpha != 0f)
        {
            ValidateAnchor(anchors.Span, b * dimensions, objective, nameof(anchors));
        }

        if (userGradients.Length != b * dimensions)
        {
            Throw.Argument(nameof(userGradients), $"The gradients need b x d = {b * dimensions} floats; they hold {userGradients.Length}.");
        }

        if (losses.Length != b)
        {
            Throw.Argument(nameof(losses), $"The losses need one entry per user ({b}); they hold {losses.Length}.");
        }

        if (maxDegreeOfParallelism == 0 || maxDegreeOfParallelism < -1)
        {
            Throw.OutOfRange(nameof(maxDegreeOfParallelism), maxDegreeOfParallelism, "must be -1 (all processors) or at least 1");
        }

        int tiles = b / 4;
        int threads = Math.Max(1, Math.Min(maxDegreeOfParallelism == -1 ? Environment.ProcessorCount : maxDegreeOfParallelism, tiles));
        var job = new BatchJob(items, dimensions, n, users, texts, anchors, objective, userGradients, losses, threads);
        try
        {
            if (threads == 1)
            {
                job.Run(0);
            }
            else
            {
                Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, job.Run);
            }
        }
        finally
        {
            job.Release();
        }

        for (int i = 0; i < b; i++)
        {
            EnsureFinite(losses.Span[i], userGradients.Span.Slice(i * dimensions, dimensions), items.Span, dimensions);
        }
    }

    private static void ValidateBatchMatrix(ReadOnlySpan<float> matrix, int length, string paramName)
    {
        if (matrix.Length != length)
        {
            Throw.Argument(paramName, $"The matrix needs b x d = {length} floats; it holds {matrix.Length}.");
        }

        Throw.IfAnyNotFinite(matrix, paramName);
    }

    /// <summary>The shared state of one batched call; each thread works on its own tiles of users.</summary>
    private sealed class BatchJob
    {
        private const int StatsPerUser = 3;
        private readonly ReadOnlyMemory<float> _items;
        private readonly ReadOnlyMemory<float> _users;
        private readonly ReadOnlyMemory<float> _texts;
        private readonly ReadOnlyMemory<float> _anchors;
        private readonly Memory<float> _gradients;
        private readonly Memory<FusionLoss> _losses;
        private readonly FusionObjective _objective;
        private readonly int _d;
        private readonly int _n;
        private readonly int _b;
        private readonly int _threads;
        private readonly double[] _state;

        public BatchJob(
            ReadOnlyMemory<float> items, int d, int n, ReadOnlyMemory<float> users, ReadOnlyMemory<float> texts, ReadOnlyMemory<float> anchors,
            FusionObjective objective, Memory<float> gradients, Memory<FusionLoss> losses, int threads)
        {
            _items = items;
            _users = users;
            _texts = texts;
            _anchors = anchors;
            _gradients = gradients;
            _losses = losses;
            _objective = objective;
            _d = d;
            _n = n;
            _b = users.Length / d;
            _threads = threads;

            // Per user: s, q, m, then the accumulators bu (d) and au (d), all float64.
            _state = ArrayPool<double>.Shared.Rent(_b * (StatsPerUser + (2 * d)));
        }

        public void Release() => ArrayPool<double>.Shared.Return(_state);

        public void Run(int thread)
        {
            int tiles = _b / 4;
            int first = (int)((long)tiles * thread / _threads) * 4;
            int end = thread == _threads - 1 ? _b : (int)((long)tiles * (thread + 1) / _threads) * 4;
            if (end <= first)
            {
                return;
            }

            switch (SimdMath.Width)
            {
                case SimdWidth.Vector512: Run<Vec512>(first, end); break;
                case SimdWidth.Vector256: Run<Vec256>(first, end); break;
                case SimdWidth.Vector128: Run<Vec128>(first, end); break;
                default: Run<Vec1>(first, end); break;
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void Run<TV>(int first, int end)
            where TV : struct, ISimdVector<TV>
        {
            const int nbMax = BlockItems;
            int d = _d;
            int perUser = StatsPerUser + (2 * d);
            Span<double> state = _state.AsSpan(first * perUser, (end - first) * perUser);
            state.Clear();
            for (int i = 0; i < end - first; i++)
            {
                state[(i * perUser) + 2] = double.NegativeInfinity;
            }

            // Scratch: the transposed block (d x nbMax), four rows of logits/weights and of squared weights, and
            // the two partial products (4 x d each).
            int scratchLength = (d * nbMax) + (2 * 4 * nbMax) + (2 * 4 * d);
            float[] scratch = ArrayPool<float>.Shared.Rent(scratchLength);
            try
            {
                Span<float> transposed = scratch.AsSpan(0, d * nbMax);
                Span<float> weights = scratch.AsSpan(d * nbMax, 4 * nbMax);
                Span<float> squares = scratch.AsSpan((d * nbMax) + (4 * nbMax), 4 * nbMax);
                Span<float> partialB = scratch.AsSpan((d * nbMax) + (8 * nbMax), 4 * d);
                Span<float> partialA = scratch.AsSpan((d * nbMax) + (8 * nbMax) + (4 * d), 4 * d);
                ReadOnlySpan<float> items = _items.Span;
                ReadOnlySpan<float> users = _users.Span;
                ref float c0 = ref SimdMath.Ref(items);
                for (int start = 0; start < _n; start += nbMax)
                {
                    int nb = Math.Min(nbMax, _n - start);
                    ref float block = ref Unsafe.Add(ref c0, (nuint)start * (nuint)d);
                    Transpose(ref block, nb, d, transposed, nbMax);
                    for (int u = first; u < end; u += 4)
                    {
                        int rows = Math.Min(4, end - u);

                        // Logits of this tile of users for the block: (rows x d) * (d x nbMax).
                        SmallGemm.Multiply<TV>(
                            ref Unsafe.Add(ref SimdMath.Ref(users), (nuint)u * (nuint)d), (nuint)d, rows,
                            ref SimdMath.Ref(transposed), nbMax, d, nbMax, ref SimdMath.Ref(weights), nbMax);
                        for (int r = 0; r < rows; r++)
                        {
                            Span<double> user = state.Slice((u - first + r) * perUser, perUser);
                            float m = (float)user[2];
                            UpdateRunning(
                                weights.Slice(r * nbMax, nb), squares.Slice(r * nbMax, nb), ref m, ref user[0], ref user[1],
                                user.Slice(StatsPerUser, d), user.Slice(StatsPerUser + d, d));
                            user[2] = m;
                        }

                        // Weighted item rows: (rows x nb) * (nb x d), once with e^(z-m) and once with e^(2(z-m)).
                        SmallGemm.Multiply<TV>(ref SimdMath.Ref(weights), nbMax, rows, ref block, (nuint)d, nb, d, ref SimdMath.Ref(partialB), (nuint)d);
                        SmallGemm.Multiply<TV>(ref SimdMath.Ref(squares), nbMax, rows, ref block, (nuint)d, nb, d, ref SimdMath.Ref(partialA), (nuint)d);
                        for (int r = 0; r < rows; r++)
                        {
                            Span<double> bu = state.Slice(((u - first + r) * perUser) + StatsPerUser, 2 * d);
                            ReadOnlySpan<float> pb = partialB.Slice(r * d, d);
                            ReadOnlySpan<float> pa = partialA.Slice(r * d, d);
                            for (int j = 0; j < d; j++)
                            {
                                bu[j] += pb[j];
                                bu[d + j] += pa[j];
                            }
                        }
                    }
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(scratch);
            }

            ReadOnlySpan<float> allUsers = _users.Span;
            ReadOnlySpan<float> texts = _texts.Span;
            ReadOnlySpan<float> anchors = _anchors.Span;
            Span<float> gradients = _gradients.Span;
            Span<FusionLoss> losses = _losses.Span;
            for (int i = first; i < end; i++)
            {
                Span<double> user = state.Slice((i - first) * perUser, perUser);
                Span<double> bu = user.Slice(StatsPerUser, d);
                double collision = PenaltyGradient(user[0], user[1], bu, user.Slice(StatsPerUser + d, d));
                losses[i] = Finish(
                    allUsers.Slice(i * d, d), texts.Slice(i * d, d), anchors.IsEmpty ? default : anchors.Slice(i * d, d), _objective,
                    collision, bu, gradients.Slice(i * d, d), default);
            }
        }

        /// <summary>Copies <paramref name="rows"/> item rows into <paramref name="destination"/> as a <c>d x stride</c> matrix, zero-padding the columns past <paramref name="rows"/>.</summary>
        private static void Transpose(ref float block, int rows, int d, Span<float> destination, int stride)
        {
            if (rows < stride)
            {
                destination.Clear();
            }

            for (int k = 0; k < rows; k++)
            {
                ref float row = ref Unsafe.Add(ref block, (nuint)k * (nuint)d);
                for (int j = 0; j < d; j++)
                {
                    destination[(j * stride) + k] = Unsafe.Add(ref row, (nuint)j);
                }
            }
        }
    }
}
