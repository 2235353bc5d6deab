// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;

namespace Profiles.Core;

/// <summary>Options of <see cref="NearestNeighbors"/>.</summary>
/// <remarks>Options are validated when set. <see cref="NearestNeighbors"/> copies them, so later changes do not affect it.</remarks>
public class NearestNeighborsOptions
{
    /// <summary>Initializes a new instance of the <see cref="NearestNeighborsOptions"/> class with the defaults.</summary>
    public NearestNeighborsOptions()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="NearestNeighborsOptions"/> class as a copy of <paramref name="other"/>.</summary>
    /// <param name="other">The options to copy.</param>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is <see langword="null"/>.</exception>
    protected NearestNeighborsOptions(NearestNeighborsOptions other)
    {
        _ = Throw.IfNull(other);
        Neighbors = other.Neighbors;
        ExcludeSelf = other.ExcludeSelf;
        MaxDegreeOfParallelism = other.MaxDegreeOfParallelism;
    }

    /// <summary>Gets or sets the number <c>k</c> of neighbours per query.</summary>
    /// <value>The default is 20. Between 1 and 65536.</value>
    public int Neighbors { get; set => field = Throw.IfGreaterThan(Throw.IfLessThan(value, 1), 65536, nameof(value)); } = 20;

    /// <summary>Gets or sets a value indicating whether a row is left out of its own neighbours when the rows are their own queries.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool ExcludeSelf { get; set; } = true;

    /// <summary>Gets or sets the most threads, or -1 for all processors.</summary>
    /// <value>The default is -1.</value>
    public int MaxDegreeOfParallelism
    {
        get;
        set => field = value == -1 ? value : Throw.IfLessThan(value, 1, nameof(value));
    } = -1;

    /// <summary>Creates a copy of these options.</summary>
    /// <returns>The copy.</returns>
    public virtual NearestNeighborsOptions Clone() => new(this);
}
