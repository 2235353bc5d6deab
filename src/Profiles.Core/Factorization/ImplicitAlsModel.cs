// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Numerics.Tensors;
using System.Threading;

namespace Profiles.Core;

/// <summary>
/// User and item factors of an implicit-feedback matrix factorization, as trained by <see cref="ImplicitAlsTrainer"/>:
/// the preference of user <c>u</c> for item <c>i</c> is predicted as <c>x_u·y_i</c>.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="UserFactors"/> is row-major <see cref="Users"/> x <see cref="Rank"/> (row <c>u</c> holds <c>x_u</c>) and
/// <see cref="ItemFactors"/> is row-major <see cref="Items"/> x <see cref="Rank"/>, both float32.
/// <see cref="FoldIn"/> computes factors for a new or changed user from the fixed item factors.
/// </para>
/// <para>This type is immutable and thread-safe.</para>
/// </remarks>
public sealed class ImplicitAlsModel
{
    private readonly float[] _users;
    private readonly float[] _items;
    private readonly double[] _losses;
    private double[]? _itemGram;

    internal ImplicitAlsModel(int users, int items, int rank, float[] userFactors, float[] itemFactors, float regularization, float alpha, double[] losses)
    {
        Users = users;
        Items = items;
        Rank = rank;
        _users = userFactors;
        _items = itemFactors;
        Regularization = regularization;
        Alpha = alpha;
        _losses = losses;
    }

    /// <summary>Gets the number of users (rows of the training matrix).</summary>
    public int Users { get; }

    /// <summary>Gets the number of items (columns of the training matrix).</summary>
    public int Items { get; }

    /// <summary>Gets the number of factors per user and item.</summary>
    public int Rank { get; }

    /// <summary>Gets the user factors, row-major <see cref="Users"/> x <see cref="Rank"/>.</summary>
    public ReadOnlyMemory<float> UserFactors => _users;

    /// <summary>Gets the item factors, row-major <see cref="Items"/> x <see cref="Rank"/>.</summary>
    public ReadOnlyMemory<float> ItemFactors => _items;

    /// <summary>Gets the regularization <c>lambda</c> the model was trained with (used by <see cref="FoldIn"/>).</summary>
    public float Regularization { get; }

    /// <summary>Gets the confidence scale <c>alpha</c> the model was trained with (used by <see cref="FoldIn"/>).</summary>
    public float Alpha { get; }

    /// <summary>Gets the exponent of frequency-scaled regularization the model was trained with
    /// (<see cref="ImplicitAlsOptions.RegularizationExponent"/>); <see cref="FoldIn"/> scales a new row's regularization the same way.</summary>
    public float RegularizationExponent { get; internal init; }

    /// <summary>Gets the mean confidence mass of the training users (the scale of frequency-scaled regularization); 0 when unused.</summary>
    internal double MeanUserWeight { get; init; }

    /// <summary>
    /// Gets the training objective <c>sum_(u,i) c_ui (p_ui - x_u·y_i)² + lambda (||X||² + ||Y||²)</c> (with
    /// per-row <c>lambda_r</c> under frequency-scaled regularization) after every iteration, summed in double over all user-item pairs (not normalized).
    /// </summary>
    public IReadOnlyList<double> LossHistory => _losses;

    /// <summary>Returns the predicted preference <c>x_u·y_i</c> of <paramref name="user"/> for <paramref name="item"/>.</summary>
    /// <param name="user">The user, in [0, <see cref="Users"/>).</param>
    /// <param name="item">The item, in [0, <see cref="Items"/>).</param>
    /// <returns>The score.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="user"/> or <paramref name="item"/> is out of range.</exception>
    public float Score(int user, int item)
    {
        if ((uint)user >= (uint)Users)
        {
            Throw.OutOfRange(nameof(user), user, $"must be in [0, {Users})");
        }

        if ((uint)item >= (uint)Items)
        {
            Throw.OutOfRange(nameof(item), item, $"must be in [0, {Items})");
        }

        return TensorPrimitives.Dot(_users.AsSpan(user * Rank, Rank), _items.AsSpan(item * Rank, Rank));
    }

    /// <summary>
    /// Computes the factors of a new or changed user from the fixed item factors, without retraining: the exact
    /// minimiser of the training objective's row for that user, <c>(YᵀY + lambda I + sum_i alpha r_i y_i y_iᵀ) x =
    /// sum_i (1 + alpha r_i) p_i y_i</c>, solved by Cholesky in double precision.
    /// </summary>
    /// <param name="items">The items the user interacted with, distinct, each in [0, <see cref="Items"/>).</param>
    /// <param name="values">The interaction strengths, finite and non-negative, one per item.</param>
    /// <param name="destination">Receives the <see cref="Rank"/> factors.</param>
    /// <remarks>Costs <c>O(k² n_items + k³)</c>; <c>YᵀY</c> is computed on the first call and kept.</remarks>
    /// <exception cref="ArgumentException">
    /// The lengths differ, an item is out of range or repeated, a value is negative or not finite, or the system is singular
    /// (no regularization and fewer useful interactions than factors).
    /// </exception>
    public void FoldIn(ReadOnlySpan<int> items, ReadOnlySpan<float> values, Span<float> destination)
    {
        if (values.Length != items.Length)
        {
            Throw.Argument(nameof(values), $"The values ({values.Length}) must be as many as the items ({items.Length}).");
        }

        if (destination.Length != Rank)
        {
            Throw.Argument(nameof(destination), $"The destination must hold Rank = {Rank} floats; it holds {destination.Length}.");
        }

        for (int e = 0; e < values.Length; e++)
        {
            if (!float.IsFinite(values[e]) || values[e] < 0)
            {
                Throw.Argument(nameof(values), $"The value at position {e} is {values[e]}; strengths must be finite and non-negative.");
            }
        }

        int[] sorted = ArrayPool<int>.Shared.Rent(items.Length);
        try
        {
            items.CopyTo(sorted);
            Array.Sort(sorted, 0, items.Length);
            for (int e = 0; e < items.Length; e++)
            {
                if ((uint)sorted[e] >= (uint)Items)
                {
                    Throw.Argument(nameof(items), $"The item {sorted[e]} is out of range [0, {Items}).");
                }

                if (e > 0 && sorted[e] == sorted[e - 1])
                {
                    Throw.Argument(nameof(items), $"The item {sorted[e]} appears more than once.");
                }
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(sorted);
        }

        double[] gram = LazyInitializer.EnsureInitialized(ref _itemGram, ComputeItemGram);
        var matrix = new double[Rank * Rank];
        var rhs = new double[Rank];
        double extra = RegularizationExponent == 0 || MeanUserWeight <= 0 ? 0
            : (Regularization * Math.Pow(ImplicitAlsTrainer.RowWeight(values, Items, Alpha) / MeanUserWeight, RegularizationExponent)) - Regularization;
        if (!AlsSolver.Exact(items, values, _items, gram, Rank, Alpha, destination, matrix, rhs, extra))
        {
            Throw.Argument(nameof(items), "The fold-in system is singular: without regularization the items must determine all factors.");
        }
    }

    /// <summary>
    /// Returns the model without user <paramref name="user"/> (fold-out): the other user rows unchanged, and every item
    /// row re-solved exactly against them, <c>(X'ᵀX' + lambda I + sum_u alpha r_ui x_u x_uᵀ) y_i = sum_u (1 + alpha r_ui) p_ui x_u</c>
    /// over <paramref name="byItem"/> (items x remaining users; it may have fewer items, when items only the user knew
    /// were dropped). Every item is re-solved, not only the user's, because the
    /// unobserved pairs tie every item to every user through <c>X'ᵀX'</c>. A singular row (only when lambda is 0) is set
    /// to zero and counted in <paramref name="singular"/>. The loss history is replaced by the objective of the new factors
    /// on <paramref name="byPerson"/>, since the training trace was computed with the user's data.
    /// </summary>
    internal ImplicitAlsModel FoldOut(int user, SparseMatrix byPerson, SparseMatrix byItem, int maxDegreeOfParallelism, CancellationToken cancellationToken,
        out int singular)
    {
        int k = Rank;
        int users = Users - 1;
        var x = new float[(long)users * k];
        _users.AsSpan(0, user * k).CopyTo(x);
        _users.AsSpan((user + 1) * k).CopyTo(x.AsSpan(user * k));
        var gram = new double[k * k];
        if (users > 0)
        {
            DenseMath.Gram(x, k, users, gram, maxDegreeOfParallelism, cancellationToken);
        }

        for (int i = 0; i < k; i++)
        {
            gram[(i * k) + i] += Regularization;
        }

        // With frequency-scaled regularization each item's lambda follows from its confidence mass on the reduced data,
        // exactly as the trainer computes it, so the re-solve equals an item-side solve on the data without the user.
        float[]? itemLambda = RegularizationExponent == 0 ? null
            : ImplicitAlsTrainer.RowRegularization(byItem, Regularization, Alpha, RegularizationExponent, out _);
        var y = new float[(long)byItem.Rows * k];
        int[] chunks = RowChunks.Split(byItem.RowPointers, ((long)k * k / 16) + 1, 4096);
        int failures = 0;
        RowChunks.Run(chunks, RowChunks.Threads(maxDegreeOfParallelism, chunks.Length - 1), (_, first, end) =>
        {
            double[] scratch = ArrayPool<double>.Shared.Rent((k * k) + k);
            for (int row = first; row < end; row++)
            {
                if (!AlsSolver.Exact(byItem.RowColumns(row), byItem.RowValues(row), x, gram, k, Alpha, y.AsSpan(row * k, k),
                    scratch.AsSpan(0, k * k), scratch.AsSpan(k * k, k), itemLambda is null ? 0 : itemLambda[row] - Regularization))
                {
                    _ = Interlocked.Increment(ref failures);
                }
            }

            ArrayPool<double>.Shared.Return(scratch);
        }, cancellationToken);

        singular = failures;
        double loss = ImplicitAlsTrainer.Objective(byPerson, byItem, x, y, k, Alpha, Regularization, RegularizationExponent, maxDegreeOfParallelism,
            cancellationToken);
        double meanUserWeight = 0;
        if (RegularizationExponent != 0 && users > 0)
        {
            _ = ImplicitAlsTrainer.RowRegularization(byPerson, Regularization, Alpha, RegularizationExponent, out meanUserWeight);
        }

        return new ImplicitAlsModel(users, byItem.Rows, k, x, y, Regularization, Alpha, [loss])
        {
            RegularizationExponent = RegularizationExponent,
            MeanUserWeight = meanUserWeight,
        };
    }

    /// <summary>Writes the model in the versioned binary format (magic, version, kind, dimensions, payload, CRC-32).</summary>
    /// <param name="destination">The stream to write to.</param>
    /// <exception cref="ArgumentNullException"><paramref name="destination"/> is <see langword="null"/>.</exception>
    public void Save(Stream destination)
    {
        _ = Throw.IfNull(destination);
        var writer = new ModelWriter();
        writer.WriteInt32(Users);
        writer.WriteInt32(Items);
        writer.WriteInt32(Rank);
        writer.WriteSingle(Regularization);
        writer.WriteSingle(Alpha);
        writer.WriteInt32(_losses.Length);
        writer.WriteDoubles(_losses);
        writer.WriteSingles(_users);
        writer.WriteSingles(_items);
        if (RegularizationExponent != 0)
        {
            // Optional trailing fields: files of unscaled models stay byte-identical to before.
            writer.WriteSingle(RegularizationExponent);
            writer.WriteDouble(MeanUserWeight);
        }

        ModelFormat.Write(destination, ModelKind.ImplicitAls, writer);
    }

    /// <summary>Reads a model written by <see cref="Save"/>.</summary>
    /// <param name="source">The stream to read from.</param>
    /// <returns>The model.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidDataException">The data is not an ALS model, is truncated or corrupted (the message says which).</exception>
    public static ImplicitAlsModel Load(Stream source)
    {
        ModelReader reader = ModelFormat.Read(Throw.IfNull(source), ModelKind.ImplicitAls);
        int users = reader.ReadInt32("users", 1, int.MaxValue);
        int items = reader.ReadInt32("items", 1, int.MaxValue);
        int rank = reader.ReadInt32("rank", 1, 4096);
        float regularization = reader.ReadSingle();
        float alpha = reader.ReadSingle();
        if (!float.IsFinite(regularization) || regularization < 0 || !float.IsFinite(alpha) || alpha < 0)
        {
            throw new InvalidDataException($"The model file is invalid: regularization {regularization} and alpha {alpha} must be finite and non-negative.");
        }

        int iterations = reader.ReadInt32("iterations", 0, int.MaxValue);
        double[] losses = reader.ReadDoubles(iterations, "losses");
        float[] userFactors = reader.ReadSingles((long)users * rank, "user factors");
        float[] itemFactors = reader.ReadSingles((long)items * rank, "item factors");
        float exponent = 0;
        double meanUserWeight = 0;
        if (reader.Remaining > 0)
        {
            exponent = reader.ReadSingle();
            meanUserWeight = reader.ReadDouble();
            if (!float.IsFinite(exponent) || exponent <= 0 || exponent > 2 || !double.IsFinite(meanUserWeight) || meanUserWeight <= 0)
            {
                throw new InvalidDataException($"The model file is invalid: regularization exponent {exponent} must be in (0, 2] and the mean user weight {meanUserWeight} positive.");
            }
        }

        reader.End();
        return new ImplicitAlsModel(users, items, rank, userFactors, itemFactors, regularization, alpha, losses)
        {
            RegularizationExponent = exponent,
            MeanUserWeight = meanUserWeight,
        };
    }

    private double[] ComputeItemGram()
    {
        var gram = new double[Rank * Rank];
        DenseMath.Gram(_items, Rank, Items, gram, 1, CancellationToken.None);
        for (int i = 0; i < Rank; i++)
        {
            gram[(i * Rank) + i] += Regularization;
        }

        return gram;
    }
}
