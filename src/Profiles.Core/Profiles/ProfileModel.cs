// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

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
}
