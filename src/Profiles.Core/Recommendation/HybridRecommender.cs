// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Numerics.Tensors;
using System.Threading;

namespace Profiles.Core;

/// <summary>
/// A weighted hybrid of recommenders over one model: each component scores every item, the scores are normalised per
/// person over the eligible items (<see cref="HybridRecommenderOptions.Normalization"/>), and the hybrid score is
/// <c>sum_k w_k norm_k(s_k)</c>, ranked with <see cref="TopK.Select"/>.
/// </summary>
/// <remarks>
/// <para>Choose the weights with <see cref="HybridTuner"/>, which grids the simplex on a validation split carved from the
/// training data. The weights are normalised to sum to 1; a component with weight 0 is not evaluated. A person without
/// history on the requested platforms is routed as in <see cref="ModelRecommender"/> (cold start, then popularity). An
/// item's explanation names the history items of the heaviest component that explains it.</para>
/// <para>This type is immutable and thread-safe when its components are (the library's are).</para>
/// </remarks>
public sealed class HybridRecommender : ModelRecommender
{
    private readonly ModelRecommender[] _components;
    private readonly double[] _weights;
    private readonly int[] _byWeight;
    private readonly ScoreNormalization _normalization;

    /// <summary>Initializes a new instance of the <see cref="HybridRecommender"/> class.</summary>
    /// <param name="components">The components; all must serve the same <see cref="ProfileModel"/>.</param>
    /// <param name="weights">One non-negative weight per component, not all 0; normalised to sum to 1.</param>
    /// <param name="options">The options; <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentNullException"><paramref name="components"/> or <paramref name="weights"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="components"/> is empty, holds <see langword="null"/> or components of
    /// different models, or <paramref name="weights"/> has another count, a negative or non-finite weight, or sums to 0.</exception>
    public HybridRecommender(IReadOnlyList<ModelRecommender> components, IReadOnlyList<double> weights, HybridRecommenderOptions? options = null)
        : base(FirstModel(components), "hybrid")
    {
        Throw.IfNull(weights);
        _components = [.. components];
        if (weights.Count != _components.Length)
        {
            Throw.Argument(nameof(weights), $"Expected one weight per component ({_components.Length}); got {weights.Count}.");
        }

        double total = 0;
        for (int k = 0; k < _components.Length; k++)
        {
            if (_components[k] is null)
            {
                Throw.Argument(nameof(components), $"Component {k} is null.");
            }

            if (!ReferenceEquals(_components[k].Model, Model))
            {
                Throw.Argument(nameof(components), $"Component {k} ({_components[k].Metadata.Name}) serves another model; all components must share one.");
            }

            if (!double.IsFinite(weights[k]) || weights[k] < 0)
            {
                Throw.Argument(nameof(weights), $"Weight {k} is {weights[k]}; weights must be finite and non-negative.");
            }

            total += weights[k];
        }

        if (!(total > 0))
        {
            Throw.Argument(nameof(weights), "The weights sum to 0; give at least one component a positive weight.");
        }

        _weights = new double[_components.Length];
        for (int k = 0; k < _weights.Length; k++)
        {
            _weights[k] = weights[k] / total;
        }

        _byWeight = new int[_components.Length];
        for (int k = 0; k < _byWeight.Length; k++)
        {
            _byWeight[k] = k;
        }

        Array.Sort(_byWeight, (a, b) => _weights[a] != _weights[b] ? _weights[b].CompareTo(_weights[a]) : a.CompareTo(b));
        _normalization = (options ?? new HybridRecommenderOptions()).Normalization;
    }

    /// <summary>Gets the components.</summary>
    public IReadOnlyList<ModelRecommender> Components => _components;

    /// <summary>Gets the normalised weights, one per component.</summary>
    public IReadOnlyList<double> Weights => _weights;

    /// <summary>Gets how scores are normalised.</summary>
    public ScoreNormalization Normalization => _normalization;

    /// <remarks>The components are rebuilt over the new model and keep their weights.</remarks>
    private protected override ModelRecommender RebuildCore(ProfileModel model, CancellationToken cancellationToken)
    {
        var components = new ModelRecommender[_components.Length];
        for (int k = 0; k < components.Length; k++)
        {
            components[k] = _components[k].Rebuild(model, cancellationToken);
        }

        return new HybridRecommender(components, _weights, new HybridRecommenderOptions { Normalization = _normalization });
    }

    internal override void Score(RecommendationRequest request, Span<float> scores)
    {
        bool[] eligible = Eligible(request);
        Combine(NormalizedScores(_components, _weights, request, eligible, _normalization), _weights, scores);
    }

    internal override int[] SimilarHistoryItems(RecommendationRequest request, int item)
    {
        foreach (int k in _byWeight)
        {
            if (_weights[k] > 0 && _components[k].SimilarHistoryItems(request, item) is { Length: > 0 } similar)
            {
                return similar;
            }
        }

        return [];
    }

    /// <summary>Returns, for each component with a positive weight, its scores normalised over the eligible items (null for the others).</summary>
    internal static float[]?[] NormalizedScores(ModelRecommender[] components, double[] weights, RecommendationRequest request, bool[] eligible,
        ScoreNormalization normalization)
    {
        var result = new float[]?[components.Length];
        for (int k = 0; k < components.Length; k++)
        {
            if (weights[k] > 0)
            {
                var scores = new float[request.Index.Count];
                components[k].Score(request, scores);
                ScoreNormalizer.Normalize(scores, eligible, normalization);
                result[k] = scores;
            }
        }

        return result;
    }

    /// <summary>Writes <c>sum_k w_k scores_k</c>.</summary>
    internal static void Combine(float[]?[] normalized, ReadOnlySpan<double> weights, Span<float> destination)
    {
        destination.Clear();
        for (int k = 0; k < normalized.Length; k++)
        {
            if (normalized[k] is { } scores && weights[k] > 0)
            {
                TensorPrimitives.MultiplyAdd(scores, (float)weights[k], destination, destination);
            }
        }
    }

    /// <summary>Returns whether each item may be recommended in this request (allowed and not seen).</summary>
    internal static bool[] Eligible(RecommendationRequest request)
    {
        int n = request.Index.Count;
        var eligible = new bool[n];
        ulong[]? allowed = request.Allowed;
        for (int j = 0; j < n; j++)
        {
            eligible[j] = allowed is null || (allowed[j >> 6] & (1UL << (j & 63))) != 0;
        }

        foreach (int j in request.Seen)
        {
            eligible[j] = false;
        }

        return eligible;
    }

    private static ProfileModel FirstModel(IReadOnlyList<ModelRecommender> components)
    {
        Throw.IfNull(components);
        if (components.Count == 0)
        {
            Throw.Argument(nameof(components), "A hybrid needs at least one component.");
        }

        return components[0]?.Model ?? throw new ArgumentException("Component 0 is null.", nameof(components));
    }
}
