// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;

namespace Profiles.Core;

/// <summary>Names what a person did with an item: a well-known kind such as <see cref="Purchase"/>, or a custom kind.</summary>
/// <remarks>
/// <para>Kinds compare case-insensitively (ordinal), and <c>-</c>, <c>_</c> and spaces are interchangeable, so
/// <c>add-to-cart</c>, <c>Add_To_Cart</c> and <c>ADD TO CART</c> are the same kind. <see cref="Value"/> keeps the
/// spelling given. Custom kinds are accepted by <see cref="EventCleaner"/> only when listed in
/// <see cref="EventCleanerOptions.CustomKinds"/>, and weighted only when <see cref="SignalWeights"/> has a weight for them.</para>
/// <para>This type is immutable and thread-safe.</para>
/// </remarks>
public readonly struct EventKind : IEquatable<EventKind>
{
    private static readonly EventKind[] s_wellKnown =
    [
        new("view"), new("click"), new("like"), new("share"), new("comment"), new("add-to-cart"), new("purchase"),
        new("rating"), new("dwell"), new("search"),
    ];

    /// <summary>Initializes a new instance of the <see cref="EventKind"/> struct.</summary>
    /// <param name="value">The kind's name, for example <c>purchase</c> or a custom <c>wishlist</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is <see langword="null"/>, empty or white space.</exception>
    public EventKind(string value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Throw.Argument(nameof(value), "An event kind needs a non-empty name.");
        }

        Value = value;
    }

    /// <summary>Gets the kind's name as given; a default instance has <see langword="null"/>.</summary>
    public string Value { get; }

    /// <summary>Gets the kind for an item seen (a page view, an impression that was looked at).</summary>
    public static EventKind View => s_wellKnown[0];

    /// <summary>Gets the kind for a click (on a link, a headline, a product tile).</summary>
    public static EventKind Click => s_wellKnown[1];

    /// <summary>Gets the kind for a like or a favourite.</summary>
    public static EventKind Like => s_wellKnown[2];

    /// <summary>Gets the kind for a share or a repost.</summary>
    public static EventKind Share => s_wellKnown[3];

    /// <summary>Gets the kind for a comment or a review; the event's text holds it.</summary>
    public static EventKind Comment => s_wellKnown[4];

    /// <summary>Gets the kind for an item added to a shopping cart.</summary>
    public static EventKind AddToCart => s_wellKnown[5];

    /// <summary>Gets the kind for a purchase.</summary>
    public static EventKind Purchase => s_wellKnown[6];

    /// <summary>Gets the kind for an explicit rating; the event's value holds it.</summary>
    public static EventKind Rating => s_wellKnown[7];

    /// <summary>Gets the kind for time spent on an item; the event's value holds the seconds.</summary>
    public static EventKind Dwell => s_wellKnown[8];

    /// <summary>Gets the kind for a search; the event's text holds the query.</summary>
    public static EventKind Search => s_wellKnown[9];

    /// <summary>Gets the well-known kinds, in the order of the static properties.</summary>
    public static ReadOnlySpan<EventKind> WellKnown => s_wellKnown;

    /// <summary>Gets a value indicating whether this is one of <see cref="WellKnown"/>.</summary>
    public bool IsWellKnown => WellKnownIndex(Value) >= 0;

    /// <summary>Returns the well-known instance for <paramref name="value"/> when there is one, so that no string is kept per event.</summary>
    /// <param name="value">The kind's name as read.</param>
    /// <returns>The kind; a default instance when <paramref name="value"/> is empty or white space.</returns>
    public static EventKind Parse(ReadOnlySpan<char> value)
    {
        value = value.Trim();
        if (value.IsEmpty)
        {
            return default;
        }

        int index = WellKnownIndex(value);
        return index >= 0 ? s_wellKnown[index] : new EventKind(value.ToString());
    }

    /// <inheritdoc />
    public bool Equals(EventKind other) => Compare(Value, other.Value) == 0;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is EventKind other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        if (Value is null)
        {
            return 0;
        }

        var hash = new HashCode();
        foreach (char c in Value)
        {
            hash.Add(Fold(c));
        }

        return hash.ToHashCode();
    }

    /// <summary>Returns <see cref="Value"/>, or an empty string for a default instance.</summary>
    /// <returns>The kind's name.</returns>
    public override string ToString() => Value ?? string.Empty;

    /// <summary>Compares two kinds for equality.</summary>
    /// <param name="left">The first kind.</param>
    /// <param name="right">The second kind.</param>
    /// <returns><see langword="true"/> when they name the same kind.</returns>
    public static bool operator ==(EventKind left, EventKind right) => left.Equals(right);

    /// <summary>Compares two kinds for inequality.</summary>
    /// <param name="left">The first kind.</param>
    /// <param name="right">The second kind.</param>
    /// <returns><see langword="true"/> when they name different kinds.</returns>
    public static bool operator !=(EventKind left, EventKind right) => !left.Equals(right);

    private static int WellKnownIndex(ReadOnlySpan<char> value)
    {
        for (int i = 0; i < s_wellKnown.Length; i++)
        {
            if (Compare(value, s_wellKnown[i].Value) == 0)
            {
                return i;
            }
        }

        return -1;
    }

    private static int Compare(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        if (a.Length != b.Length)
        {
            return a.Length - b.Length;
        }

        for (int i = 0; i < a.Length; i++)
        {
            int d = Fold(a[i]) - Fold(b[i]);
            if (d != 0)
            {
                return d;
            }
        }

        return 0;
    }

    private static char Fold(char c) => c is '_' or ' ' ? '-' : char.ToLowerInvariant(c);
}
