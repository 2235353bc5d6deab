// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Threading;
using System.Threading.Tasks;

namespace Profiles.Core;

/// <summary>
/// Item-based nearest neighbours: the cosine similarity of the items' columns of the interaction matrix, with shrinkage,
/// <c>s_ij = x_i · x_j / (||x_i|| ||x_j|| + h)</c>, keeping each item's <see cref="ItemKnnRecommenderOptions.Neighbors"/>
/// most similar items; a person's score of item <c>j</c> is the sum over the person's items <c>i</c> of <c>s_ij</c>
/// (weighted by the person's signal when <see cref="ItemKnnRecommenderOptions.BinaryInteractions"/> is off), counting
/// only pairs where <c>j</c> is among <c>i</c>'s kept neighbours.
/// </summary>
/// <remarks>
/// <para>The neighbour lists are precomputed in the constructor from the item-major matrix
/// (<see cref="InteractionMatrix.ByItem"/>): for each item, the co-occurrences are accumulated over its persons' rows
/// (<c>O(sum over persons of their item count squared)</c> in all) and the best are selected with
/// <see cref="TopK.Select"/>; storage is <c>8 k</c> bytes per item. A call costs <c>O(history x k)</c> plus one
/// <see cref="TopK.Select"/> over the items. Items no neighbour list reaches score 0. Explanations name the person's
/// items with the largest similarity to the recommended one.</para>
/// <para>This type is immutable and thread-safe.</para>
/// </remarks>
public sealed class ItemKnnRecommender : ModelRecommender
{
    private readonly int[] _offsets;
    private readonly int[] _neighbours;
    private readonly float[] _similarities;
    private readonly bool _binary;
    private readonly ItemKnnRecommenderOptions _options;

    /// <summary>Initializes a new instance of the <see cref="ItemKnnRecommender"/> class, computing the neighbour lists.</summary>
    /// <param name="model">The model.</param>
    /// <param name="options">The options; <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">Cancels the precomputation.</param>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is <see langword="null"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public ItemKnnRecommender(ProfileModel model, ItemKnnRecommenderOptions? options = null, CancellationToken cancellationToken = default)
        : base(model, "item-knn")
    {
        ItemKnnRecommenderOptions o = options?.Clone() ?? new ItemKnnRecommenderOptions();
        _options = o;
        _binary = o.BinaryInteractions;
        Neighbors = o.Neighbors;
        Shrinkage = o.Shrinkage;
        (_offsets, _neighbours, _similarities) = Compute(model.Matrix, o, cancellationToken);
    }

    /// <summary>Gets how many neighbours are kept per item.</summary>
    public int Neighbors { get; }

    /// <summary>Gets the shrinkage of the cosine.</summary>
    public float Shrinkage { get; }

    /// <summary>Returns the kept neighbours of an item, most similar first.</summary>
    /// <param name="item">The item's column in <see cref="InteractionMatrix.Items"/>.</param>
    /// <param name="neighbours">Receives the neighbours' columns.</param>
    /// <param name="similarities">Receives their similarities (positive).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="item"/> is outside the items.</exception>
    public void GetNeighbors(int item, out ReadOnlySpan<int> neighbours, out ReadOnlySpan<float> similarities)
    {
        if ((uint)item >= (uint)Index.Count)
        {
            Throw.OutOfRange(nameof(item), item, $"must be in [0, {Index.Count})");
        }

        neighbours = _neighbours.AsSpan(_offsets[item], _offsets[item + 1] - _offsets[item]);
        similarities = _similarities.AsSpan(_offsets[item], _offsets[item + 1] - _offsets[item]);
    }

    private protected override ModelRecommender RebuildCore(ProfileModel model, CancellationToken cancellationToken) =>
        new ItemKnnRecommender(model, _options, cancellationToken);

    internal override void Score(RecommendationRequest request, Span<float> scores)
    {
        scores.Clear();
        int[] history = request.HistoryColumns;
        float[] weights = request.HistoryValues;
        for (int h = 0; h < history.Length; h++)
        {
            int i = history[h];
            float w = _binary ? 1f : weights[h];
            for (int p = _offsets[i]; p < _offsets[i + 1]; p++)
            {
                scores[_neighbours[p]] += w * _similarities[p];
            }
        }
    }

    internal override int[] SimilarHistoryItems(RecommendationRequest request, int item)
    {
        int[] history = request.HistoryColumns;
        var contributions = new float[history.Length];
        for (int h = 0; h < history.Length; h++)
        {
            int i = history[h];
            for (int p = _offsets[i]; p < _offsets[i + 1]; p++)
            {
                if (_neighbours[p] == item)
                {
                    contributions[h] = (_binary ? 1f : request.HistoryValues[h]) * _similarities[p];
                    break;
                }
            }
        }

        return TopPositions(contributions, history);
    }

    private static (int[] Offsets, int[] Neighbours, float[] Similarities) Compute(InteractionMatrix matrix, ItemKnnRecommenderOptions o, CancellationToken cancellationToken)
    {
        SparseMatrix byItem = matrix.ByItem;
        SparseMatrix byPerson = matrix.ByPerson;
        int n = byItem.Rows;
        bool binary = o.BinaryInteractions;
        float shrink = o.Shrinkage;
        int k = Math.Min(o.Neighbors, Math.Max(1, n - 1));

        var norms = new float[n];
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<float> values = byItem.RowValues(i);
            double sum = 0;
            foreach (float v in values)
            {
                sum += binary ? 1d : (double)v * v;
            }

            norms[i] = (float)Math.Sqrt(sum);
        }

        var counts = new int[n];
        var lists = new int[n][];
        var sims = new float[n][];
        int threads = o.MaxDegreeOfParallelism == -1 ? Environment.ProcessorCount : o.MaxDegreeOfParallelism;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = cancellationToken };
        Parallel.For(0, n, parallel,
            () => new Scratch(n, k),
            (i, _, scratch) =>
            {
                if (norms[i] == 0f)
                {
                    lists[i] = [];
                    sims[i] = [];
                    return scratch;
                }

                float[] acc = scratch.Accumulator;
                int touched = 0;
                ReadOnlySpan<int> persons = byItem.RowColumns(i);
                ReadOnlySpan<float> personValues = byItem.RowValues(i);
                for (int a = 0; a < persons.Length; a++)
                {
                    float xi = binary ? 1f : personValues[a];
                    ReadOnlySpan<int> items = byPerson.RowColumns(persons[a]);
                    ReadOnlySpan<float> itemValues = byPerson.RowValues(persons[a]);
                    for (int b = 0; b < items.Length; b++)
                    {
                        int j = items[b];
                        if (j == i)
                        {
                            continue;
                        }

                        if (scratch.Mark[j] != i + 1)
                        {
                            scratch.Mark[j] = i + 1;
                            scratch.Touched[touched++] = j;
                        }

                        acc[j] += xi * (binary ? 1f : itemValues[b]);
                    }
                }

                // Select among the touched items only, in ascending item order so that ties go to the lower index.
                Span<int> candidates = scratch.Touched.AsSpan(0, touched);
                candidates.Sort();
                Span<float> similarities = scratch.Similarities.AsSpan(0, touched);
                for (int t = 0; t < touched; t++)
                {
                    int j = candidates[t];
                    similarities[t] = acc[j] / ((norms[i] * norms[j]) + shrink);
                    acc[j] = 0f;
                }

                int found = touched == 0 ? 0 : TopK.Select(similarities, k, scratch.TopIndices, scratch.TopScores);
                int kept = 0;
                while (kept < found && scratch.TopScores[kept] > 0f)
                {
                    kept++;
                }

                var list = new int[kept];
                var values = new float[kept];
                for (int t = 0; t < kept; t++)
                {
                    list[t] = candidates[scratch.TopIndices[t]];
                    values[t] = scratch.TopScores[t];
                }

                lists[i] = list;
                sims[i] = values;
                counts[i] = kept;
                return scratch;
            },
            static _ => { });

        var offsets = new int[n + 1];
        for (int i = 0; i < n; i++)
        {
            offsets[i + 1] = offsets[i] + counts[i];
        }

        var neighbours = new int[offsets[n]];
        var similaritiesAll = new float[offsets[n]];
        for (int i = 0; i < n; i++)
        {
            lists[i].CopyTo(neighbours, offsets[i]);
            sims[i].CopyTo(similaritiesAll, offsets[i]);
        }

        return (offsets, neighbours, similaritiesAll);
    }

    private sealed class Scratch(int n, int k)
    {
        public float[] Accumulator { get; } = new float[n];

        public int[] Touched { get; } = new int[n];

        public int[] Mark { get; } = new int[n];

        public float[] Similarities { get; } = new float[n];

        public int[] TopIndices { get; } = new int[k];

        public float[] TopScores { get; } = new float[k];
    }
}
