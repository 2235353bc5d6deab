// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Threading;

namespace Profiles.Core;

/// <summary>The output of <see cref="IProfileBuilder.BuildAsync"/>: every person's profile and the shared model behind
/// them (interaction matrix, factors, segments), which recommenders, enrichment and fusion read.</summary>
/// <remarks><para>This type is immutable and thread-safe.</para></remarks>
public sealed class ProfileModel
{
    private readonly UserProfile[] _profiles;
    private readonly InteractionEvent[] _events;
    private readonly int[] _eventOffsets;

    internal ProfileModel(UserProfile[] profiles, InteractionEvent[] events, int[] eventOffsets, InteractionMatrix matrix,
        ImplicitAlsModel factors, KMeansModel? segments, ItemCatalog catalog, SignalWeights weights, DateTimeOffset asOf)
    {
        _profiles = profiles;
        _events = events;
        _eventOffsets = eventOffsets;
        Matrix = matrix;
        Factors = factors;
        Segments = segments;
        Catalog = catalog;
        Weights = weights;
        AsOf = asOf;
    }

    /// <summary>Gets the profiles, in the interaction matrix's row order.</summary>
    public IReadOnlyList<UserProfile> Profiles => _profiles;

    /// <summary>Gets the person x item matrix the factors were trained on.</summary>
    public InteractionMatrix Matrix { get; }

    /// <summary>Gets the implicit-ALS factors: user rows follow <see cref="InteractionMatrix.Persons"/>, item rows
    /// <see cref="InteractionMatrix.Items"/>.</summary>
    public ImplicitAlsModel Factors { get; }

    /// <summary>Gets the k-means segments over the behaviour vectors; <see langword="null"/> when there were too few persons.</summary>
    public KMeansModel? Segments { get; }

    /// <summary>Gets the catalogue the interests are named from.</summary>
    public ItemCatalog Catalog { get; }

    /// <summary>Gets the signal weights the matrix and interests were computed with.</summary>
    public SignalWeights Weights { get; }

    /// <summary>Gets the time the weights were faded to.</summary>
    public DateTimeOffset AsOf { get; }

    /// <summary>Returns the profile of <paramref name="person"/>.</summary>
    /// <param name="person">The person.</param>
    /// <param name="profile">The profile, when found.</param>
    /// <returns><see langword="true"/> when the model has the person.</returns>
    public bool TryGetProfile(PersonId person, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out UserProfile profile)
    {
        if (Matrix.TryGetRow(person, out int row))
        {
            profile = _profiles[row];
            return true;
        }

        profile = null;
        return false;
    }

    /// <summary>Returns the person's training events (every account), ordered by timestamp.</summary>
    /// <param name="person">The person.</param>
    /// <returns>The events; empty for an unknown person.</returns>
    public ReadOnlySpan<InteractionEvent> EventsOf(PersonId person) =>
        Matrix.TryGetRow(person, out int row) ? _events.AsSpan(_eventOffsets[row], _eventOffsets[row + 1] - _eventOffsets[row]) : default;

    /// <summary>Returns a model whose profiles are replaced by <paramref name="profiles"/> (for example enriched or fused
    /// ones); everything else is shared.</summary>
    /// <param name="profiles">One profile per person, in <see cref="Profiles"/> order.</param>
    /// <returns>The new model.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="profiles"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The count or a person differs from <see cref="Profiles"/>.</exception>
    public ProfileModel WithProfiles(IReadOnlyList<UserProfile> profiles)
    {
        Throw.IfNull(profiles);
        if (profiles.Count != _profiles.Length)
        {
            Throw.Argument(nameof(profiles), $"Expected {_profiles.Length} profiles, got {profiles.Count}.");
        }

        var copy = new UserProfile[profiles.Count];
        for (int i = 0; i < copy.Length; i++)
        {
            copy[i] = profiles[i] ?? throw new ArgumentException($"Profile {i} is null.", nameof(profiles));
            if (copy[i].Person != _profiles[i].Person)
            {
                Throw.Argument(nameof(profiles), $"Profile {i} is person {copy[i].Person}, expected {_profiles[i].Person}.");
            }
        }

        return new ProfileModel(copy, _events, _eventOffsets, Matrix, Factors, Segments, Catalog, Weights, AsOf);
    }

    /// <summary>
    /// Returns a model without <paramref name="person"/>: their profile, events, matrix row, user factors and segment
    /// membership removed, the item factors re-solved without them (fold-out), the segment centroids recomputed without
    /// them, and every other profile's reference to them dropped.
    /// </summary>
    /// <param name="person">The person to forget.</param>
    /// <param name="cancellationToken">Cancels the item re-solve.</param>
    /// <returns>The new model; this one is unchanged.</returns>
    /// <remarks>
    /// <para>What changes, stage by stage (docs/reliability.md, "Forgetting a person"):</para>
    /// <para>Matrix: the person's row leaves <see cref="InteractionMatrix.ByPerson"/>, <see cref="InteractionMatrix.ByItem"/>
    /// and <see cref="InteractionMatrix.Seen"/>; other persons keep their ids, entries and relative order. The item
    /// columns stay, except items that only the person had events for and that are not in <see cref="Catalog"/>: their
    /// key alone would tell what the person did, so their columns and item factors are dropped and the later columns
    /// move down. Popularity and everything else a recommender derives from counts follows from the new matrix.</para>
    /// <para>Factors: the person's user row is removed and every item row is re-solved exactly (Cholesky, in double)
    /// against the remaining, unchanged user factors: the item-side least-squares step of training. Every item, not only
    /// the person's, is re-solved, because implicit ALS ties each item to every user through <c>XᵀX</c>. The other users'
    /// factors are not retrained: they were learned while the person's data shaped the item factors, and only a full
    /// retrain removes that second-order influence. The loss history is replaced by the objective of the new factors.</para>
    /// <para>Segments: the person's label is removed and every centroid is recomputed as the exact mean of its remaining
    /// members; a segment left empty is dropped and the later ones renumbered (profiles follow). The inertia history is
    /// replaced by the new inertia.</para>
    /// <para>Profiles: the person's profile is removed; entries naming them are dropped from other neighbour lists, which
    /// are not refilled (a list may be one shorter until the next build or <see cref="IProfileBuilder.Update"/>). Vectors
    /// that shared a buffer with the person's (behaviour vectors slice the factor matrix) are moved to buffers without
    /// them, so the new model keeps no reference to the old one's arrays.</para>
    /// <para>Costs <c>O(nnz + persons x k² + items x k³)</c> on all cores. This method is thread-safe.</para>
    /// </remarks>
    /// <exception cref="ArgumentException">The model does not hold <paramref name="person"/>, or it is the model's only person.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public ProfileModel Forget(PersonId person, CancellationToken cancellationToken = default) => ForgetCore(person, cancellationToken, out _);

    /// <summary>Forgets <paramref name="person"/> (see <see cref="Forget(PersonId, CancellationToken)"/>) and reports what was removed.</summary>
    internal ProfileModel ForgetCore(PersonId person, CancellationToken cancellationToken, out ForgetReport report)
    {
        if (!Matrix.TryGetRow(person, out int row))
        {
            Throw.Argument(nameof(person), $"The model holds no person {person}.");
        }

        if (_profiles.Length == 1)
        {
            Throw.Argument(nameof(person), $"Person {person} is the model's only person; drop the model instead of forgetting them.");
        }

        cancellationToken.ThrowIfCancellationRequested();

        // Events: drop the person's range and shift the later offsets.
        int eventStart = _eventOffsets[row];
        int eventCount = _eventOffsets[row + 1] - eventStart;
        var events = new InteractionEvent[_events.Length - eventCount];
        _events.AsSpan(0, eventStart).CopyTo(events);
        _events.AsSpan(eventStart + eventCount).CopyTo(events.AsSpan(eventStart));
        var offsets = new int[_eventOffsets.Length - 1];
        for (int r = 0; r < offsets.Length; r++)
        {
            offsets[r] = r <= row ? _eventOffsets[r] : _eventOffsets[r + 1] - eventCount;
        }

        InteractionMatrix matrix = Matrix.WithoutRow(row, eventCount, Catalog, out int[] keptColumns);
        ImplicitAlsModel factors = Factors.FoldOut(row, matrix.ByPerson, matrix.ByItem, -1, cancellationToken, out int singular);
        int rank = factors.Rank;
        int[] clusterMap = [];
        KMeansModel? segments = Segments?.WithoutRow(row, factors.UserFactors.Span, out clusterMap);
        ReadOnlySpan<int> labels = segments is null ? default : segments.Labels.Span;

        float[]? oldFactors = MemoryMarshal.TryGetArray(Factors.UserFactors, out ArraySegment<float> oldSegment) ? oldSegment.Array : null;
        var profiles = new UserProfile[_profiles.Length - 1];
        int references = 0;
        for (int from = 0, to = 0; from < _profiles.Length; from++)
        {
            if (from == row)
            {
                continue;
            }

            UserProfile profile = _profiles[from];
            IReadOnlyList<Neighbour> neighbours = profile.Neighbours;
            int named = 0;
            foreach (Neighbour neighbour in neighbours)
            {
                named += neighbour.Person == person ? 1 : 0;
            }

            if (named > 0)
            {
                var kept = new List<Neighbour>(neighbours.Count - named);
                foreach (Neighbour neighbour in neighbours)
                {
                    if (neighbour.Person != person)
                    {
                        kept.Add(neighbour);
                    }
                }

                references += named;
                neighbours = kept.ToArray();
            }

            int? segment = profile.Segment;
            if (segment is int s && Segments is not null)
            {
                segment = segments is null ? null : (uint)s < (uint)clusterMap.Length && clusterMap[s] >= 0 ? clusterMap[s] : labels[to];
            }

            ReadOnlyMemory<float> behaviour = oldFactors is not null && SharesArray(profile.BehaviourVector, oldFactors)
                ? factors.UserFactors.Slice(to * rank, rank)
                : Detach(profile.BehaviourVector, oldFactors);
            ReadOnlyMemory<float> text = Detach(profile.TextVector, oldFactors);
            ReadOnlyMemory<float> fused = Detach(profile.FusedVector, oldFactors);
            bool changed = named > 0 || segment != profile.Segment || !behaviour.Equals(profile.BehaviourVector)
                || !text.Equals(profile.TextVector) || !fused.Equals(profile.FusedVector);
            profiles[to] = changed
                ? profile with { Neighbours = neighbours, Segment = segment, BehaviourVector = behaviour, TextVector = text, FusedVector = fused }
                : profile;
            to++;
        }

        int removedSegments = 0;
        foreach (int mapped in clusterMap)
        {
            removedSegments += mapped < 0 ? 1 : 0;
        }

        report = new ForgetReport(person)
        {
            Events = eventCount,
            MatrixEntries = Matrix.ByPerson.RowLength(row),
            SeenPairs = Matrix.Seen.RowLength(row),
            FactorRows = 1,
            TouchedItems = Matrix.ByPerson.RowLength(row),
            ItemsResolved = factors.Items,
            ItemsRemoved = Matrix.Items.Count - keptColumns.Length,
            SingularItems = singular,
            Segment = Segments is null ? null : Segments.Labels.Span[row],
            SegmentsRemoved = removedSegments,
            NeighbourReferences = references,
        };
        return new ProfileModel(profiles, events, offsets, matrix, factors, segments, Catalog, Weights, AsOf);
    }

    /// <summary>Returns whether <paramref name="vector"/> lies in <paramref name="array"/>.</summary>
    private static bool SharesArray(ReadOnlyMemory<float> vector, float[] array) =>
        MemoryMarshal.TryGetArray(vector, out ArraySegment<float> segment) && ReferenceEquals(segment.Array, array);

    /// <summary>Copies <paramref name="vector"/> into its own array when it shares a larger buffer (which may hold the
    /// forgotten person's row), otherwise returns it unchanged.</summary>
    private static ReadOnlyMemory<float> Detach(ReadOnlyMemory<float> vector, float[]? oldFactors)
    {
        if (vector.IsEmpty || !MemoryMarshal.TryGetArray(vector, out ArraySegment<float> segment) || segment.Array is null)
        {
            return vector;
        }

        return segment.Count == segment.Array.Length && !ReferenceEquals(segment.Array, oldFactors) ? vector : vector.ToArray();
    }
}
