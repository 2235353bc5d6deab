// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Globalization;

namespace Profiles.Core;

/// <summary>The value of the fusion objective for one user, with its parts.</summary>
/// <remarks>
/// <para><see cref="Total"/> equals <c>TextDistance + alpha * AnchorDistance + lambda * Collision</c>.</para>
/// <para>This type is immutable and thread-safe.</para>
/// </remarks>
public readonly struct FusionLoss : IEquatable<FusionLoss>
{
    /// <summary>Initializes a new instance of the <see cref="FusionLoss"/> struct.</summary>
    /// <param name="total">The loss.</param>
    /// <param name="textDistance">The squared distance <c>||U - T||^2</c>.</param>
    /// <param name="anchorDistance">The squared distance <c>||U - B||^2</c>, or 0 when no anchor was given.</param>
    /// <param name="collision">The collision probability <c>S = sum_j P_j^2</c>, in <c>[1/n, 1]</c>.</param>
    public FusionLoss(double total, double textDistance, double anchorDistance, double collision)
    {
        Total = total;
        TextDistance = textDistance;
        AnchorDistance = anchorDistance;
        Collision = collision;
    }

    /// <summary>Gets the loss <c>L</c>.</summary>
    public double Total { get; }

    /// <summary>Gets the squared distance <c>||U - T||^2</c> to the text profile.</summary>
    public double TextDistance { get; }

    /// <summary>Gets the squared distance <c>||U - B||^2</c> to the behaviour profile (0 without an anchor).</summary>
    public double AnchorDistance { get; }

    /// <summary>Gets the collision probability <c>S = sum_j softmax(C U)_j^2</c>.</summary>
    public double Collision { get; }

    /// <summary>Determines whether two losses are equal in every part.</summary>
    /// <param name="left">The first loss.</param>
    /// <param name="right">The second loss.</param>
    /// <returns><see langword="true"/> when every part is equal.</returns>
    public static bool operator ==(FusionLoss left, FusionLoss right) => left.Equals(right);

    /// <summary>Determines whether two losses differ.</summary>
    /// <param name="left">The first loss.</param>
    /// <param name="right">The second loss.</param>
    /// <returns><see langword="true"/> when a part differs.</returns>
    public static bool operator !=(FusionLoss left, FusionLoss right) => !left.Equals(right);

    /// <inheritdoc />
    public bool Equals(FusionLoss other) =>
        Total.Equals(other.Total) && TextDistance.Equals(other.TextDistance) &&
        AnchorDistance.Equals(other.AnchorDistance) && Collision.Equals(other.Collision);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is FusionLoss other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Total, TextDistance, AnchorDistance, Collision);

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"L = {Total:G9} (text {TextDistance:G9}, anchor {AnchorDistance:G9}, S {Collision:G9})");
}
