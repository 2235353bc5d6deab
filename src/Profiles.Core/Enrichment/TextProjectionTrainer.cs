// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Numerics.Tensors;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace Profiles.Core;

/// <summary>Fits a <see cref="TextProjection"/>: ridge regression from item text embeddings to item factors, on the items
/// that have both.</summary>
/// <remarks>
/// <para>With <c>X</c> the <c>n x e</c> embeddings and <c>Y</c> the <c>n x f</c> factors (centred on their means when
/// <see cref="TextProjectionOptions.FitIntercept"/>), the weights are <c>W = (X^T X + lambda I)^-1 X^T Y</c>, solved in
/// double precision by a Cholesky factorisation of the regularised normal equations; when there are fewer items than
/// embedding dimensions the equivalent dual form <c>W = X^T (X X^T + lambda I)^-1 Y</c> is solved instead, the smaller
/// system of the two. The work is sequential and in a fixed order, so a fit is reproducible bit for bit.</para>
/// <para>This type holds only configuration and is thread-safe.</para>
/// </remarks>
public sealed class TextProjectionTrainer
{
    private readonly TextProjectionOptions _options;

    /// <summary>Initializes a new instance of the <see cref="TextProjectionTrainer"/> class.</summary>
    /// <param name="options">The options, copied; <see langword="null"/> for the defaults.</param>
    public TextProjectionTrainer(TextProjectionOptions? options = null) => _options = options?.Clone() ?? new TextProjectionOptions();

    /// <summary>Fits the projection on row-aligned matrices.</summary>
    /// <param name="embeddings">The items' text embeddings, row-major <c>n x embeddingDimensions</c>.</param>
    /// <param name="embeddingDimensions">The embedding dimension <c>e</c>.</param>
    /// <param name="factors">The same items' factors, row-major <c>n x factorDimensions</c>.</param>
    /// <param name="factorDimensions">The factor dimension <c>f</c>.</param>
    /// <param name="cancellationToken">Cancels between rows.</param>
    /// <returns>The fitted projection.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is less than 1.</exception>
    /// <exception cref="ArgumentException">The matrices are empty, their lengths do not match the dimensions or each
    /// other's row count, or they hold NaN or infinity.</exception>
    /// <exception cref="InvalidOperationException">The normal equations are not numerically positive definite.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public TextProjection Fit(ReadOnlyMemory<float> embeddings, int embeddingDimensions, ReadOnlyMemory<float> factors, int factorDimensions,
        CancellationToken cancellationToken = default)
    {
        Throw.IfLessThan(embeddingDimensions, 1);
        Throw.IfLessThan(factorDimensions, 1);
        ReadOnlySpan<float> x = embeddings.Span, y = factors.Span;
        if (x.IsEmpty || x.Length % embeddingDimensions != 0)
        {
            Throw.Argument(nameof(embeddings), $"The embeddings must be a non-empty n x {embeddingDimensions} matrix; they hold {x.Length} floats.");
        }

        int n = x.Length / embeddingDimensions;
        if (y.Length != n * factorDimensions)
        {
            Throw.Argument(nameof(factors), $"The factors must be a {n} x {factorDimensions} matrix to match the embeddings; they hold {y.Length} floats.");
        }

        Throw.IfAnyNotFinite(x, nameof(embeddings));
        Throw.IfAnyNotFinite(y, nameof(factors));
        return Solve(x, y, n, embeddingDimensions, factorDimensions, cancellationToken);
    }

    /// <summary>Fits the projection on the items that have both an embedding and factors; the others are ignored.</summary>
    /// <param name="embeddings">The text embedding of each item, all of one length.</param>
    /// <param name="factors">The factors of each item, all of one length.</param>
    /// <param name="cancellationToken">Cancels the fit.</param>
    /// <returns>The fitted projection.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="embeddings"/> or <paramref name="factors"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">No item has both, vectors differ in length, or a vector holds NaN or infinity.</exception>
    /// <exception cref="InvalidOperationException">The normal equations are not numerically positive definite.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public TextProjection FitItems(IReadOnlyDictionary<ItemKey, ReadOnlyMemory<float>> embeddings, IReadOnlyDictionary<ItemKey, ReadOnlyMemory<float>> factors,
        CancellationToken cancellationToken = default)
    {
        Throw.IfNull(embeddings);
        Throw.IfNull(factors);
        var keys = new List<ItemKey>();
        foreach (ItemKey key in embeddings.Keys)
        {
            if (factors.ContainsKey(key))
            {
                keys.Add(key);
            }
        }

        if (keys.Count == 0)
        {
            Throw.Argument(nameof(factors), "No item has both an embedding and factors.");
        }

        // A fixed row order makes the fit independent of the dictionaries' enumeration order.
        keys.Sort(static (a, b) =>
        {
            int c = string.CompareOrdinal(a.Platform.Value, b.Platform.Value);
            return c != 0 ? c : string.CompareOrdinal(a.Item.Value, b.Item.Value);
        });
        int e = embeddings[keys[0]].Length, f = factors[keys[0]].Length;
        float[] x = new float[keys.Count * e], y = new float[keys.Count * f];
        for (int i = 0; i < keys.Count; i++)
        {
            CopyRow(embeddings[keys[i]].Span, x.AsSpan(i * e, e), keys[i], nameof(embeddings));
            CopyRow(factors[keys[i]].Span, y.AsSpan(i * f, f), keys[i], nameof(factors));
        }

        return Fit(x, e, y, f, cancellationToken);
    }

    /// <summary>Embeds the items that have factors (their <see cref="TextProjection.ItemText"/>) and fits the projection on them.</summary>
    /// <param name="items">The catalogue's items.</param>
    /// <param name="factors">The factors of the items that have them.</param>
    /// <param name="generator">The embedding generator.</param>
    /// <param name="cancellationToken">Cancels the fit.</param>
    /// <returns>The fitted projection.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">No item has factors, or the vectors are inconsistent.</exception>
    /// <exception cref="InvalidOperationException">The generator returned a different number of embeddings than asked.</exception>
    public async Task<TextProjection> FitAsync(IEnumerable<Item> items, IReadOnlyDictionary<ItemKey, ReadOnlyMemory<float>> factors,
        IEmbeddingGenerator<string, Embedding<float>> generator, CancellationToken cancellationToken = default)
    {
        Throw.IfNull(items);
        Throw.IfNull(factors);
        Throw.IfNull(generator);
        var keys = new List<ItemKey>();
        var texts = new List<string>();
        foreach (Item item in items)
        {
            var key = new ItemKey(Throw.IfNull(item).Platform, item.Id);
            if (factors.ContainsKey(key))
            {
                keys.Add(key);
                texts.Add(TextProjection.ItemText(item));
            }
        }

        if (keys.Count == 0)
        {
            Throw.Argument(nameof(factors), "No item of the catalogue has factors.");
        }

        GeneratedEmbeddings<Embedding<float>> embedded = await generator.GenerateAsync(texts, null, cancellationToken).ConfigureAwait(false);
        if (embedded.Count != keys.Count)
        {
            throw new InvalidOperationException($"The generator returned {embedded.Count} embeddings for {keys.Count} texts.");
        }

        var byKey = new Dictionary<ItemKey, ReadOnlyMemory<float>>(keys.Count);
        for (int i = 0; i < keys.Count; i++)
        {
            byKey[keys[i]] = embedded[i].Vector;
        }

        return FitItems(byKey, factors, cancellationToken);
    }

    private static void CopyRow(ReadOnlySpan<float> source, Span<float> destination, ItemKey key, string paramName)
    {
        if (source.Length != destination.Length)
        {
            Throw.Argument(paramName, $"The vector of {key} has {source.Length} values; the first item's has {destination.Length}.");
        }

        source.CopyTo(destination);
    }

    private TextProjection Solve(ReadOnlySpan<float> xs, ReadOnlySpan<float> ys, int n, int e, int f, CancellationToken cancellationToken)
    {
        // Centre (when fitting an intercept) into double precision.
        double[] meanX = new double[e], meanY = new double[f];
        double[] x = new double[n * e], y = new double[n * f];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = xs[i];
        }

        for (int i = 0; i < y.Length; i++)
        {
            y[i] = ys[i];
        }

        if (_options.FitIntercept)
        {
            Center(x, n, e, meanX);
            Center(y, n, f, meanY);
        }

        double lambda = _options.Ridge;
        double[] w = new double[e * f];
        if (e <= n)
        {
            // Primal: (X^T X + lambda I) W = X^T Y, an e x e system.
            double[] gram = new double[e * e];
            double[] rhs = new double[e * f];
            for (int r = 0; r < n; r++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                ReadOnlySpan<double> row = x.AsSpan(r * e, e);
                ReadOnlySpan<double> target = y.AsSpan(r * f, f);
                for (int i = 0; i < e; i++)
                {
                    double xi = row[i];
                    if (xi == 0)
                    {
                        continue;
                    }

                    Span<double> gramRow = gram.AsSpan((i * e) + i, e - i);
                    TensorPrimitives.MultiplyAdd(row[i..], xi, gramRow, gramRow);
                    Span<double> rhsRow = rhs.AsSpan(i * f, f);
                    TensorPrimitives.MultiplyAdd(target, xi, rhsRow, rhsRow);
                }
            }

            for (int i = 0; i < e; i++)
            {
                gram[(i * e) + i] += lambda;
                for (int j = 0; j < i; j++)
                {
                    gram[(i * e) + j] = gram[(j * e) + i];
                }
            }

            Cholesky.Factor(gram, e);
            Cholesky.Solve(gram, e, rhs, f);
            rhs.CopyTo(w, 0);
        }
        else
        {
            // Dual: W = X^T A with (X X^T + lambda I) A = Y, an n x n system.
            double[] kernel = new double[n * n];
            for (int i = 0; i < n; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                ReadOnlySpan<double> xi = x.AsSpan(i * e, e);
                for (int j = 0; j <= i; j++)
                {
                    double dot = TensorPrimitives.Dot(xi, x.AsSpan(j * e, e));
                    kernel[(i * n) + j] = dot;
                    kernel[(j * n) + i] = dot;
                }

                kernel[(i * n) + i] += lambda;
            }

            double[] a = (double[])y.Clone();
            Cholesky.Factor(kernel, n);
            Cholesky.Solve(kernel, n, a, f);
            for (int r = 0; r < n; r++)
            {
                ReadOnlySpan<double> row = x.AsSpan(r * e, e);
                ReadOnlySpan<double> coefficients = a.AsSpan(r * f, f);
                for (int i = 0; i < e; i++)
                {
                    if (row[i] != 0)
                    {
                        Span<double> wRow = w.AsSpan(i * f, f);
                        TensorPrimitives.MultiplyAdd(coefficients, row[i], wRow, wRow);
                    }
                }
            }
        }

        // Intercept: b = mean(Y) - mean(X) W.
        double[] bias = (double[])meanY.Clone();
        for (int i = 0; i < e; i++)
        {
            if (meanX[i] != 0)
            {
                Span<double> b = bias;
                TensorPrimitives.MultiplyAdd(w.AsSpan(i * f, f), -meanX[i], b, b);
            }
        }

        double rSquared = RSquared(xs, ys, n, e, f, w, bias);
        float[] weights = new float[w.Length], intercept = new float[f];
        for (int i = 0; i < w.Length; i++)
        {
            weights[i] = (float)w[i];
        }

        for (int i = 0; i < f; i++)
        {
            intercept[i] = (float)bias[i];
        }

        return new TextProjection(weights, intercept, e, f, n, _options.Ridge, rSquared);
    }

    private static void Center(double[] matrix, int rows, int columns, double[] mean)
    {
        for (int r = 0; r < rows; r++)
        {
            Span<double> m = mean;
            TensorPrimitives.Add(m, matrix.AsSpan(r * columns, columns), m);
        }

        TensorPrimitives.Divide(mean, rows, mean);
        for (int r = 0; r < rows; r++)
        {
            Span<double> row = matrix.AsSpan(r * columns, columns);
            TensorPrimitives.Subtract(row, mean, row);
        }
    }

    private static double RSquared(ReadOnlySpan<float> x, ReadOnlySpan<float> y, int n, int e, int f, double[] w, double[] bias)
    {
        double[] mean = new double[f];
        for (int r = 0; r < n; r++)
        {
            for (int j = 0; j < f; j++)
            {
                mean[j] += y[(r * f) + j];
            }
        }

        for (int j = 0; j < f; j++)
        {
            mean[j] /= n;
        }

        double residual = 0, total = 0;
        double[] prediction = new double[f];
        for (int r = 0; r < n; r++)
        {
            bias.CopyTo(prediction, 0);
            for (int i = 0; i < e; i++)
            {
                double xi = x[(r * e) + i];
                if (xi != 0)
                {
                    Span<double> p = prediction;
                    TensorPrimitives.MultiplyAdd(w.AsSpan(i * f, f), xi, p, p);
                }
            }

            for (int j = 0; j < f; j++)
            {
                double target = y[(r * f) + j];
                residual += (target - prediction[j]) * (target - prediction[j]);
                total += (target - mean[j]) * (target - mean[j]);
            }
        }

        return total > 0 ? 1 - (residual / total) : residual == 0 ? 1 : 0;
    }
}
