// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Globalization;

namespace Profiles.Core;

/// <summary>
/// The weights of the profile-fusion objective
/// <c>L(U) = alpha * ||U - B||^2 + ||U - T||^2 + lambda * sum_j softmax(C U)_j^2</c>.
/// </summary>
/// <remarks>
/// <para><c>alpha = 0</c> gives the specification's loss exactly. The default value has both weights zero.</para>
/// <para>This type is immutable and thread-safe.</para>
/// </remarks>
public readonly struct FusionObjective : IEquatable<FusionObjective>
{
    /// <summary>Initializes a new instance of the <see cref="FusionObjective"/> struct.</summary>
    /// <param name="lambda">The weight of the collision penalty <c>S = sum P_j^2</c>; finite and non-negative.</param>
    /// <param name="alpha">The weight of the anchor to the behaviour profile <c>B</c>; finite and non-negative.</param>
    /// <exception cref="ArgumentOutOfRangeException">A weight is NaN, infinite or negative.</exception>
    public FusionObjective(float lambda, float alpha = 0f)
    {
        Lambda = Throw.IfNegativeOrNotFinite(lambda);
        Alpha = Throw.IfNegativeOrNotFinite(alpha);
    }

    /// <summary>Gets the weight of the collision penalty.</summary>
    public float Lambda { get; }

    /// <summary>Gets the weight of the anchor term <c>||U - B||^2</c>.</summary>
    public float Alpha { get; }

    /// <summary>Determines whether two objectives have equal weights.</summary>
    /// <param name="left">The first objective.</param>
    /// <param name="right">The second objective.</param>
    /// <returns><see langword="true"/> when both weights are equal.</returns>
    public static bool operator ==(FusionObjective left, FusionObjective right) => left.Equals(right);

    /// <summary>Determines whether two objectives differ.</summary>
    /// <param name="left">The first objective.</param>
    /// <param name="right">The second objective.</param>
    /// <returns><see langword="true"/> when a weight differs.</returns>
    public static bool operator !=(FusionObjective left, FusionObjective right) => !left.Equals(right);

    /// <inheritdoc />
    public bool Equals(FusionObjective other) => Lambda.Equals(other.Lambda) && Alpha.Equals(other.Alpha);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is FusionObjective other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Lambda, Alpha);

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"lambda = {Lambda}, alpha = {Alpha}");
}
