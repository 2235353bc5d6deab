// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.IO;

namespace Profiles.Core;

/// <summary>
/// A truncated singular value decomposition <c>A ≈ U diag(s) Vᵀ</c>, as computed by <see cref="RandomizedSvd"/>.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="U"/> is row-major <see cref="Rows"/> x <see cref="Rank"/> (row <c>i</c> holds the coordinates of row
/// <c>i</c> of <c>A</c>, unscaled), <see cref="V"/> is row-major <see cref="Columns"/> x <see cref="Rank"/> (row
/// <c>j</c> for column <c>j</c> of <c>A</c>), and <see cref="SingularValues"/> are descending. Multiply a row of U by the
/// singular values for the usual embedding (scikit-learn's <c>TruncatedSVD.fit_transform</c>).
/// </para>
/// <para>This type is immutable and thread-safe.</para>
/// </remarks>
public sealed class SvdModel
{
    private readonly float[] _u;
    private readonly float[] _values;
    private readonly float[] _v;

    internal SvdModel(int rows, int columns, int rank, float[] u, float[] singularValues, float[] v)
    {
        Rows = rows;
        Columns = columns;
        Rank = rank;
        _u = u;
        _values = singularValues;
        _v = v;
    }

    /// <summary>Gets the number of rows <c>m</c> of the decomposed matrix.</summary>
    public int Rows { get; }

    /// <summary>Gets the number of columns <c>n</c> of the decomposed matrix.</summary>
    public int Columns { get; }

    /// <summary>Gets the number <c>k</c> of singular triplets.</summary>
    public int Rank { get; }

    /// <summary>Gets the left singular vectors, row-major <see cref="Rows"/> x <see cref="Rank"/> (orthonormal columns).</summary>
    public ReadOnlyMemory<float> U => _u;

    /// <summary>Gets the singular values, descending, length <see cref="Rank"/>.</summary>
    public ReadOnlyMemory<float> SingularValues => _values;

    /// <summary>Gets the right singular vectors, row-major <see cref="Columns"/> x <see cref="Rank"/> (orthonormal columns).</summary>
    public ReadOnlyMemory<float> V => _v;

    /// <summary>Returns the rank-k approximation of entry (<paramref name="row"/>, <paramref name="column"/>): <c>sum_j U[row, j] s_j V[column, j]</c>.</summary>
    /// <param name="row">The row, in [0, <see cref="Rows"/>).</param>
    /// <param name="column">The column, in [0, <see cref="Columns"/>).</param>
    /// <returns>The approximated value.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="row"/> or <paramref name="column"/> is out of range.</exception>
    public float Score(int row, int column)
    {
        if ((uint)row >= (uint)Rows)
        {
            Throw.OutOfRange(nameof(row), row, $"must be in [0, {Rows})");
        }

        if ((uint)column >= (uint)Columns)
        {
            Throw.OutOfRange(nameof(column), column, $"must be in [0, {Columns})");
        }

        ReadOnlySpan<float> u = _u.AsSpan(row * Rank, Rank);
        ReadOnlySpan<float> v = _v.AsSpan(column * Rank, Rank);
        float sum = 0f;
        for (int j = 0; j < Rank; j++)
        {
            sum += u[j] * _values[j] * v[j];
        }

        return sum;
    }

    /// <summary>Writes the model in the versioned binary format (magic, version, kind, dimensions, payload, CRC-32).</summary>
    /// <param name="destination">The stream to write to.</param>
    /// <exception cref="ArgumentNullException"><paramref name="destination"/> is <see langword="null"/>.</exception>
    public void Save(Stream destination)
    {
        _ = Throw.IfNull(destination);
        var writer = new ModelWriter();
        writer.WriteInt32(Rows);
        writer.WriteInt32(Columns);
        writer.WriteInt32(Rank);
        writer.WriteSingles(_values);
        writer.WriteSingles(_u);
        writer.WriteSingles(_v);
        ModelFormat.Write(destination, ModelKind.Svd, writer);
    }

    /// <summary>Reads a model written by <see cref="Save"/>.</summary>
    /// <param name="source">The stream to read from.</param>
    /// <returns>The model.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidDataException">The data is not an SVD model, is truncated or corrupted (the message says which).</exception>
    public static SvdModel Load(Stream source)
    {
        ModelReader reader = ModelFormat.Read(Throw.IfNull(source), ModelKind.Svd);
        int rows = reader.ReadInt32("rows", 1, int.MaxValue);
        int columns = reader.ReadInt32("columns", 1, int.MaxValue);
        int rank = reader.ReadInt32("rank", 1, Math.Min(rows, columns));
        float[] values = reader.ReadSingles(rank, "singular values");
        float[] u = reader.ReadSingles((long)rows * rank, "U");
        float[] v = reader.ReadSingles((long)columns * rank, "V");
        reader.End();
        return new SvdModel(rows, columns, rank, u, values, v);
    }
}
