// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;

namespace Profiles.Core;

/// <summary>Configures <see cref="RecommenderRankingSystem"/>: how profiles are built from a split's training events and
/// who asks for each test user's list.</summary>
/// <remarks><para>Options are mutable and not thread-safe; the system copies them on construction.</para></remarks>
public class RecommenderRankingSystemOptions
{
    /// <summary>Initializes a new instance of the <see cref="RecommenderRankingSystemOptions"/> class with the defaults.</summary>
    public RecommenderRankingSystemOptions()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="RecommenderRankingSystemOptions"/> class as a copy of <paramref name="other"/>.</summary>
    /// <param name="other">The options to copy.</param>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is <see langword="null"/>.</exception>
    protected RecommenderRankingSystemOptions(RecommenderRankingSystemOptions other)
    {
        Throw.IfNull(other);
        BuilderOptions = other.BuilderOptions.Clone();
        PersonOf = other.PersonOf;
        MaxDegreeOfParallelism = other.MaxDegreeOfParallelism;
    }

    /// <summary>Gets or sets the options the profiles of each split's training events are built with.</summary>
    /// <value>The default is a new <see cref="ProfileBuilderOptions"/>.</value>
    /// <exception cref="ArgumentNullException">The value is <see langword="null"/>.</exception>
    public ProfileBuilderOptions BuilderOptions { get; set => field = Throw.IfNull(value); } = new();

    /// <summary>Gets or sets the function that says which person of the identity graph asks for a test user's list;
    /// <see langword="null"/> for the built-in rule: on a cold-start split, the person of the user's account on the hidden
    /// platform (the account id is read from the user's held-out events; their items are not); otherwise the person of the
    /// user's first training event. A user it finds no person for is served as a person the model has never seen.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public Func<EvaluationSplit, int, PersonId?>? PersonOf { get; set; }

    /// <summary>Gets or sets the most users ranked at once; -1 for all cores.</summary>
    /// <value>The default is -1.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is 0 or below -1.</exception>
    public int MaxDegreeOfParallelism
    {
        get;
        set => field = value == -1 || value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "MaxDegreeOfParallelism must be -1 or at least 1.");
    } = -1;

    /// <summary>Creates a copy of these options.</summary>
    /// <returns>The copy.</returns>
    public virtual RecommenderRankingSystemOptions Clone() => new(this);
}
