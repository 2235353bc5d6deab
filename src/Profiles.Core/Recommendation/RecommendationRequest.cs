// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Numerics.Tensors;

namespace Profiles.Core;

/// <summary>One call's resolved inputs: the person's row and history, the seen list, the allow-list bitset and the
/// cold-start vector. Built once per call; never shared between threads.</summary>
internal sealed class RecommendationRequest
{
    private static readonly int[] s_none = [];

    /// <param name="index">The model's index.</param>
    /// <param name="profile">The person's profile.</param>
    /// <param name="options">The call's options.</param>
    /// <param name="resolveAllowList">Whether the model's allow-list bitset is built (callers that rank none of the
    /// model's items pass <see langword="false"/>, so the candidate filter is not called for them).</param>
    public RecommendationRequest(ModelIndex index, UserProfile profile, RecommendationOptions options, bool resolveAllowList = true)
    {
        Index = index;
        Profile = profile;
        Count = options.Count;
        InteractionMatrix matrix = index.Model.Matrix;
        Row = matrix.TryGetRow(profile.Person, out int row) ? row : -1;
        HistoryColumns = Row >= 0 ? matrix.ByPerson.RowColumns(Row).ToArray() : s_none;
        HistoryValues = Row >= 0 ? matrix.ByPerson.RowValues(Row).ToArray() : [];

        IReadOnlyList<PlatformId>? platforms = options.Platforms;
        Platforms = platforms is null || platforms.Count == 0 ? [] : [.. platforms];
        Seen = options.ExcludeSeen ? SeenColumns(matrix, Row, options.SeenItems) : s_none;
        bool none = false;
        Allowed = resolveAllowList ? AllowList(index, Platforms, options.CandidateItems, options.CandidateFilter, out none) : null;
        NothingAllowed = none;

        HasHistoryOnTarget = false;
        for (int i = 0; i < HistoryColumns.Length && !HasHistoryOnTarget; i++)
        {
            HasHistoryOnTarget = IsTarget(index.Items[HistoryColumns[i]].Platform);
        }

        // A model person without any positive history has a behaviour vector that is only the solver's leftover (ALS
        // rows without data are not exactly zero), so it is not used; a profile from outside the model keeps its own.
        bool trustBehaviour = Row < 0 || HistoryColumns.Length > 0;
        ColdVector = ColdStartVector(profile, index.Rank, trustBehaviour, out bool fused, out bool behaviour, out bool text);
        ColdUsesFused = fused;
        ColdUsesBehaviour = behaviour;
        ColdUsesText = text;
    }

    /// <summary>Gets whether <see cref="ColdVector"/> is the fused vector.</summary>
    public bool ColdUsesFused { get; }

    /// <summary>Gets whether <see cref="ColdVector"/> includes the behaviour vector.</summary>
    public bool ColdUsesBehaviour { get; }

    /// <summary>Gets whether <see cref="ColdVector"/> includes the text vector.</summary>
    public bool ColdUsesText { get; }

    public ModelIndex Index { get; }

    public UserProfile Profile { get; }

    public int Count { get; }

    /// <summary>Gets the person's row in the model, or -1.</summary>
    public int Row { get; }

    /// <summary>Gets the columns of the person's positive history, ascending.</summary>
    public int[] HistoryColumns { get; }

    /// <summary>Gets the summed faded weights of <see cref="HistoryColumns"/>.</summary>
    public float[] HistoryValues { get; }

    /// <summary>Gets the requested platforms; empty for all.</summary>
    public PlatformId[] Platforms { get; }

    /// <summary>Gets the columns to exclude, strictly increasing.</summary>
    public int[] Seen { get; }

    /// <summary>Gets the allow-list bitset, or <see langword="null"/> for every item.</summary>
    public ulong[]? Allowed { get; }

    /// <summary>Gets whether the platforms, candidates and filter leave no item at all.</summary>
    public bool NothingAllowed { get; }

    /// <summary>Gets whether the person has positive history on a requested platform (on any, when none is requested).</summary>
    public bool HasHistoryOnTarget { get; }

    /// <summary>Gets the vector a cold-start person is served with, or <see langword="null"/> when the profile has none.</summary>
    public float[]? ColdVector { get; }

    public ReadOnlySpan<ulong> AllowedSpan => Allowed ?? default;

    public bool IsTarget(PlatformId platform)
    {
        if (Platforms.Length == 0)
        {
            return true;
        }

        foreach (PlatformId p in Platforms)
        {
            if (p == platform)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Returns the vector a person without history on the target platforms is served with: the fused vector when the
    /// profile has one; otherwise the sum of the unit behaviour and unit text vectors when both are usable; otherwise
    /// whichever is. A vector is usable when it has the model's rank, is finite and is not zero; the behaviour vector
    /// also needs <paramref name="trustBehaviour"/> (the person has positive history, or is not a model person).
    /// </summary>
    internal static float[]? ColdStartVector(UserProfile profile, int rank, bool trustBehaviour, out bool fused, out bool behaviour, out bool text)
    {
        fused = Usable(profile.FusedVector.Span, rank);
        behaviour = !fused && trustBehaviour && Usable(profile.BehaviourVector.Span, rank);
        text = !fused && Usable(profile.TextVector.Span, rank);
        if (fused)
        {
            return profile.FusedVector.ToArray();
        }

        if (behaviour && text)
        {
            var sum = new float[rank];
            TensorPrimitives.Divide(profile.BehaviourVector.Span, TensorPrimitives.Norm(profile.BehaviourVector.Span), sum);
            float textNorm = TensorPrimitives.Norm(profile.TextVector.Span);
            for (int t = 0; t < rank; t++)
            {
                sum[t] += profile.TextVector.Span[t] / textNorm;
            }

            return sum;
        }

        return behaviour ? profile.BehaviourVector.ToArray() : text ? profile.TextVector.ToArray() : null;
    }

    /// <summary>Returns whether a vector has the model's rank, is finite and is not zero.</summary>
    internal static bool Usable(ReadOnlySpan<float> vector, int rank)
    {
        if (vector.Length != rank || rank == 0 || SimdMath.IndexOfNonFinite(vector) >= 0)
        {
            return false;
        }

        return TensorPrimitives.MaxMagnitude(vector) != 0f; // the element of largest magnitude, with its sign
    }

    private static int[] SeenColumns(InteractionMatrix matrix, int row, IReadOnlyCollection<ItemKey>? extra)
    {
        ReadOnlySpan<int> own = row >= 0 ? matrix.Seen.RowColumns(row) : default;
        if (extra is null || extra.Count == 0)
        {
            return own.IsEmpty ? s_none : own.ToArray();
        }

        var all = new List<int>(own.Length + extra.Count);
        foreach (int column in own)
        {
            all.Add(column);
        }

        foreach (ItemKey item in extra)
        {
            if (matrix.TryGetColumn(item, out int column))
            {
                all.Add(column);
            }
        }

        all.Sort();
        int write = 0;
        for (int i = 0; i < all.Count; i++)
        {
            if (write == 0 || all[i] != all[write - 1])
            {
                all[write++] = all[i];
            }
        }

        return all.GetRange(0, write).ToArray();
    }

    private static ulong[]? AllowList(ModelIndex index, PlatformId[] platforms, IReadOnlyCollection<ItemKey>? candidates, Func<ItemKey, bool>? filter, out bool none)
    {
        int n = index.Count;
        int words = (n + 63) / 64;
        ulong[]? bits = null;
        if (platforms.Length > 0)
        {
            bits = new ulong[words];
            foreach (PlatformId platform in platforms)
            {
                if (index.PlatformBits(platform) is { } platformBits)
                {
                    for (int w = 0; w < words; w++)
                    {
                        bits[w] |= platformBits[w];
                    }
                }
            }
        }

        if (candidates is not null)
        {
            var candidateBits = new ulong[words];
            foreach (ItemKey item in candidates)
            {
                if (index.Model.Matrix.TryGetColumn(item, out int column))
                {
                    candidateBits[column >> 6] |= 1UL << (column & 63);
                }
            }

            if (bits is null)
            {
                bits = candidateBits;
            }
            else
            {
                for (int w = 0; w < words; w++)
                {
                    bits[w] &= candidateBits[w];
                }
            }
        }

        if (filter is not null)
        {
            if (bits is null)
            {
                bits = new ulong[words];
                for (int j = 0; j < n; j++)
                {
                    if (filter(index.Items[j]))
                    {
                        bits[j >> 6] |= 1UL << (j & 63);
                    }
                }
            }
            else
            {
                for (int j = 0; j < n; j++)
                {
                    if ((bits[j >> 6] & (1UL << (j & 63))) != 0 && !filter(index.Items[j]))
                    {
                        bits[j >> 6] &= ~(1UL << (j & 63));
                    }
                }
            }
        }

        none = false;
        if (bits is not null)
        {
            none = true;
            for (int w = 0; w < words && none; w++)
            {
                none = bits[w] == 0;
            }
        }

        return bits;
    }
}
