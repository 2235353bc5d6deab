// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Globalization;
using System.Numerics.Tensors;
using System.Threading;
using System.Threading.Tasks;

namespace Profiles.Core;

/// <summary>
/// EASE (Steck, "Embarrassingly Shallow Autoencoders for Sparse Data", WWW 2019): the item-item weights in closed form,
/// <c>B = I - P diag(1/diag(P))</c> with <c>P = (X^T X + lambda I)^-1</c>, so that <c>B_jj = 0</c> and
/// <c>B_ij = -P_ij / P_jj</c>; a person's score of item <c>j</c> is <c>sum_i x_ui B_ij</c> over the person's items.
/// </summary>
/// <remarks>
/// <para>The fit forms the dense Gram matrix of the modelled items (those with at least
/// <see cref="EaseRecommenderOptions.MinItemSupport"/> persons) in double precision, factors it by Cholesky and inverts it
/// (<c>m^3/2</c> multiply-adds on all cores); <c>B</c> is kept in single precision (<c>4 m^2</c> bytes). The limit is
/// <see cref="EaseRecommenderOptions.MaxItems"/> items, at most <see cref="MaxItemLimit"/>; beyond it the constructor
/// throws rather than exhaust memory. A call adds the person's rows of <c>B</c> (<c>O(history x m)</c>) and selects with
/// <see cref="TopK.Select"/>. Items outside the model are never recommended by this path; a person none of whose items is
/// modelled gets the popularity order. Explanations name the person's items with the largest <c>x_ui B_ij</c>.</para>
/// <para>This type is immutable and thread-safe.</para>
/// </remarks>
public sealed class EaseRecommender : ModelRecommender
{
    /// <summary>The most items any EASE model may have: 20,000 (a 4.8 GB fit).</summary>
    public const int MaxItemLimit = 20_000;

    private readonly int[] _modelled;
    private readonly int[] _position;
    private readonly float[] _weights;
    private readonly bool _binary;
    private readonly EaseRecommenderOptions _options;

    /// <summary>Initializes a new instance of the <see cref="EaseRecommender"/> class, fitting <c>B</c>.</summary>
    /// <param name="model">The model.</param>
    /// <param name="options">The options; <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">Cancels the fit.</param>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">More items pass <see cref="EaseRecommenderOptions.MinItemSupport"/> than
    /// <see cref="EaseRecommenderOptions.MaxItems"/> allows.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public EaseRecommender(ProfileModel model, EaseRecommenderOptions? options = null, CancellationToken cancellationToken = default)
        : base(model, "ease")
    {
        EaseRecommenderOptions o = options?.Clone() ?? new EaseRecommenderOptions();
        _options = o;
        _binary = o.BinaryInteractions;
        Regularization = o.Regularization;
        SparseMatrix byItem = model.Matrix.ByItem;
        int n = byItem.Rows;
        _position = new int[n];
        int m = 0;
        for (int j = 0; j < n; j++)
        {
            _position[j] = byItem.RowLength(j) >= o.MinItemSupport ? m++ : -1;
        }

        if (m > o.MaxItems)
        {
            Throw.Argument(nameof(model), string.Create(CultureInfo.InvariantCulture,
                $"EASE inverts a dense m x m Gram matrix; this model has {m} items with at least {o.MinItemSupport} persons, above the limit of {o.MaxItems} " +
                $"({12d * m * m / 1e9:0.#} GB needed). Raise MinItemSupport or restrict the model's items."));
        }

        _modelled = new int[m];
        for (int j = 0; j < n; j++)
        {
            if (_position[j] >= 0)
            {
                _modelled[_position[j]] = j;
            }
        }

        int threads = o.MaxDegreeOfParallelism == -1 ? Environment.ProcessorCount : o.MaxDegreeOfParallelism;
        double[] gram = Gram(model.Matrix, _modelled, _position, _binary, threads, cancellationToken);
        for (int i = 0; i < m; i++)
        {
            gram[((long)i * m) + i] += o.Regularization;
        }

        _weights = m == 0 ? [] : EaseSolver.Solve(gram, m, threads, cancellationToken);
    }

    /// <summary>Gets the regularisation the weights were fitted with.</summary>
    public double Regularization { get; }

    /// <summary>Gets the number of modelled items <c>m</c>.</summary>
    public int ModelledItems => _modelled.Length;

    /// <summary>Returns the weight <c>B_ij</c> of item <paramref name="from"/> towards item <paramref name="to"/>.</summary>
    /// <param name="from">The column of item <c>i</c> in <see cref="InteractionMatrix.Items"/>.</param>
    /// <param name="to">The column of item <c>j</c>.</param>
    /// <returns>The weight; 0 when either item is not modelled, and on the diagonal.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A column is outside the items.</exception>
    public float Weight(int from, int to)
    {
        if ((uint)from >= (uint)_position.Length)
        {
            Throw.OutOfRange(nameof(from), from, $"must be in [0, {_position.Length})");
        }

        if ((uint)to >= (uint)_position.Length)
        {
            Throw.OutOfRange(nameof(to), to, $"must be in [0, {_position.Length})");
        }

        int a = _position[from], b = _position[to];
        return a < 0 || b < 0 ? 0f : _weights[((long)a * _modelled.Length) + b];
    }

    private protected override ModelRecommender RebuildCore(ProfileModel model, CancellationToken cancellationToken) =>
        new EaseRecommender(model, _options, cancellationToken);

    internal override void Score(RecommendationRequest request, Span<float> scores)
    {
        int m = _modelled.Length;
        var row = new float[m];
        bool any = false;
        int[] history = request.HistoryColumns;
        for (int h = 0; h < history.Length; h++)
        {
            int a = _position[history[h]];
            if (a >= 0)
            {
                float x = _binary ? 1f : request.HistoryValues[h];
                TensorPrimitives.MultiplyAdd(_weights.AsSpan((int)((long)a * m), m), x, row, row);
                any = true;
            }
        }

        if (!any)
        {
            Index.Popularity.CopyTo(scores);
            return;
        }

        scores.Fill(float.NegativeInfinity);
        for (int b = 0; b < m; b++)
        {
            scores[_modelled[b]] = row[b];
        }
    }

    internal override int[] SimilarHistoryItems(RecommendationRequest request, int item)
    {
        int[] history = request.HistoryColumns;
        int b = _position[item];
        var contributions = new float[history.Length];
        for (int h = 0; h < history.Length; h++)
        {
            int a = _position[history[h]];
            contributions[h] = a < 0 || b < 0 ? 0f : (_binary ? 1f : request.HistoryValues[h]) * _weights[((long)a * _modelled.Length) + b];
        }

        return TopPositions(contributions, history);
    }

    /// <summary>Forms <c>X^T X</c> over the modelled items in double precision, one output row per item (rows in parallel).</summary>
    private static double[] Gram(InteractionMatrix matrix, int[] modelled, int[] position, bool binary, int threads, CancellationToken cancellationToken)
    {
        int m = modelled.Length;
        var gram = new double[(long)m * m];
        SparseMatrix byItem = matrix.ByItem;
        SparseMatrix byPerson = matrix.ByPerson;
        Parallel.For(0, m, new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = cancellationToken }, a =>
        {
            Span<double> row = gram.AsSpan((int)((long)a * m), m);
            ReadOnlySpan<int> persons = byItem.RowColumns(modelled[a]);
            ReadOnlySpan<float> values = byItem.RowValues(modelled[a]);
            for (int p = 0; p < persons.Length; p++)
            {
                double xa = binary ? 1d : values[p];
                ReadOnlySpan<int> items = byPerson.RowColumns(persons[p]);
                ReadOnlySpan<float> itemValues = byPerson.RowValues(persons[p]);
                for (int q = 0; q < items.Length; q++)
                {
                    int b = position[items[q]];
                    if (b >= 0)
                    {
                        row[b] += xa * (binary ? 1d : itemValues[q]);
                    }
                }
            }
        });
        return gram;
    }
}
