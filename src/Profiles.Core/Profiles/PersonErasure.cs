// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System.Collections.Generic;

namespace Profiles.Core;

/// <summary>The result of <see cref="PersonEraser.EraseAsync"/>: the graph and model without the person, the
/// recommenders rebuilt over the new model, and the report of everything removed.</summary>
/// <remarks><para>This type is immutable and thread-safe.</para></remarks>
public sealed class PersonErasure
{
    internal PersonErasure(IdentityGraph identities, ProfileModel model, IReadOnlyList<ModelRecommender> recommenders, ForgetReport report)
    {
        Identities = identities;
        Model = model;
        Recommenders = recommenders;
        Report = report;
    }

    /// <summary>Gets the identity graph without the person (<see cref="IdentityGraph.Forget"/>).</summary>
    public IdentityGraph Identities { get; }

    /// <summary>Gets the profile model without the person (<see cref="ProfileModel.Forget"/>).</summary>
    public ProfileModel Model { get; }

    /// <summary>Gets, for every pipeline in <see cref="PersonEraserOptions.Recommenders"/> that contains one, its
    /// <see cref="ModelRecommender"/> rebuilt over <see cref="Model"/> (<see cref="ModelRecommender.Rebuild"/>), in the
    /// pipelines' order. Wrap them as the old ones were and swap them in.</summary>
    public IReadOnlyList<ModelRecommender> Recommenders { get; }

    /// <summary>Gets what was removed, stage by stage.</summary>
    public ForgetReport Report { get; }
}
