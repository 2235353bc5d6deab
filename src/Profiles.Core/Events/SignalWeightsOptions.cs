// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace Profiles.Core;

/// <summary>Configures <see cref="SignalWeights"/>: how strong a preference each kind of event shows, how fast it fades,
/// and how strength becomes confidence for implicit-feedback models.</summary>
/// <remarks>
/// <para>Defaults (strength per event): purchase 4, add-to-cart 3, share 2.5, like 2, comment 2, click 1, search 0.5,
/// view 0.5; a rating is <c>(stars - 3) * 1</c>; a dwell is <c>log2(1 + seconds / 30)</c>, capped at one hour.
/// Custom kinds carry no signal until given a weight.</para>
/// <para>Options are mutable and not thread-safe; <see cref="SignalWeights"/> clones them on construction.</para>
/// </remarks>
public class SignalWeightsOptions
{
    private readonly Dictionary<EventKind, float> _kinds;
    private readonly Dictionary<(PlatformId Platform, EventKind Kind), float> _platformKinds;

    /// <summary>Initializes a new instance of the <see cref="SignalWeightsOptions"/> class with the defaults.</summary>
    public SignalWeightsOptions()
    {
        _kinds = new Dictionary<EventKind, float>
        {
            [EventKind.Purchase] = 4f,
            [EventKind.AddToCart] = 3f,
            [EventKind.Share] = 2.5f,
            [EventKind.Like] = 2f,
            [EventKind.Comment] = 2f,
            [EventKind.Click] = 1f,
            [EventKind.Search] = 0.5f,
            [EventKind.View] = 0.5f,
        };
        _platformKinds = [];
    }

    /// <summary>Initializes a new instance of the <see cref="SignalWeightsOptions"/> class as a copy of <paramref name="other"/>.</summary>
    /// <param name="other">The options to copy.</param>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is <see langword="null"/>.</exception>
    protected SignalWeightsOptions(SignalWeightsOptions other)
    {
        Throw.IfNull(other);
        _kinds = new Dictionary<EventKind, float>(other._kinds);
        _platformKinds = new Dictionary<(PlatformId, EventKind), float>(other._platformKinds);
        HalfLife = other.HalfLife;
        Alpha = other.Alpha;
        RatingNeutral = other.RatingNeutral;
        RatingScale = other.RatingScale;
        LowRatings = other.LowRatings;
        DwellUnit = other.DwellUnit;
        MaxDwell = other.MaxDwell;
    }

    /// <summary>Gets or sets the half-life of a signal: an event this old counts half as much as a new one.
    /// <see cref="TimeSpan.MaxValue"/> turns decay off.</summary>
    /// <value>The default is 30 days.</value>
    public TimeSpan HalfLife { get; set => field = Throw.IfLessThan(value, TimeSpan.FromSeconds(1)); } = TimeSpan.FromDays(30);

    /// <summary>Gets or sets alpha in the implicit-feedback confidence <c>c = 1 + alpha * |w|</c> (Hu, Koren and Volinsky 2008).</summary>
    /// <value>The default is 10; at most 10^6.</value>
    public float Alpha { get; set => field = Throw.IfGreaterThan(Throw.IfNegativeOrNotFinite(value), 1e6f); } = 10f;

    /// <summary>Gets or sets the rating that means "no preference"; ratings above it are positive.</summary>
    /// <value>The default is 3 (on a 1–5 scale).</value>
    public float RatingNeutral { get; set => field = Throw.IfNegativeOrNotFinite(value); } = 3f;

    /// <summary>Gets or sets the strength of one rating step away from <see cref="RatingNeutral"/>.</summary>
    /// <value>The default is 1.</value>
    public float RatingScale { get; set => field = Throw.IfNegativeOrNotFinite(value); } = 1f;

    /// <summary>Gets or sets what a rating at or below <see cref="RatingNeutral"/> means.</summary>
    /// <value>The default is <see cref="LowRatingPolicy.Negative"/>.</value>
    public LowRatingPolicy LowRatings
    {
        get;
        set => field = Enum.IsDefined(value) ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "LowRatings is not a defined LowRatingPolicy.");
    } = LowRatingPolicy.Negative;

    /// <summary>Gets or sets the dwell time worth a strength of 1: a dwell of <c>s</c> seconds is worth
    /// <c>log2(1 + s / DwellUnit)</c>.</summary>
    /// <value>The default is 30 seconds.</value>
    public TimeSpan DwellUnit { get; set => field = Throw.IfLessThan(value, TimeSpan.FromMilliseconds(1)); } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets the dwell time beyond which more time adds nothing (a tab left open).</summary>
    /// <value>The default is one hour.</value>
    public TimeSpan MaxDwell { get; set => field = Throw.IfLessThan(value, TimeSpan.FromMilliseconds(1)); } = TimeSpan.FromHours(1);

    /// <summary>Gets the strength per kind, for every platform without an override.</summary>
    public IReadOnlyDictionary<EventKind, float> KindWeights => _kinds;

    /// <summary>Gets the per-platform overrides.</summary>
    public IReadOnlyDictionary<(PlatformId Platform, EventKind Kind), float> PlatformWeights => _platformKinds;

    /// <summary>Sets the strength of <paramref name="kind"/> on every platform without an override. Ratings and
    /// dwells are weighted by their value; a weight set for them here scales that.</summary>
    /// <param name="kind">The kind.</param>
    /// <param name="weight">The strength; zero means no signal, negative a dislike.</param>
    /// <returns>These options, for chaining.</returns>
    /// <exception cref="ArgumentException"><paramref name="kind"/> is a default instance.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="weight"/> is NaN or infinite.</exception>
    public SignalWeightsOptions SetWeight(EventKind kind, float weight)
    {
        _kinds[CheckKind(kind)] = CheckWeight(weight);
        return this;
    }

    /// <summary>Sets the strength of <paramref name="kind"/> on <paramref name="platform"/>, overriding
    /// <see cref="KindWeights"/> there.</summary>
    /// <param name="platform">The platform.</param>
    /// <param name="kind">The kind.</param>
    /// <param name="weight">The strength; zero means no signal, negative a dislike.</param>
    /// <returns>These options, for chaining.</returns>
    /// <exception cref="ArgumentException"><paramref name="platform"/> or <paramref name="kind"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="weight"/> is NaN or infinite.</exception>
    public SignalWeightsOptions SetWeight(PlatformId platform, EventKind kind, float weight)
    {
        if (platform.IsEmpty)
        {
            Throw.Argument(nameof(platform), "The platform id is empty.");
        }

        _platformKinds[(platform, CheckKind(kind))] = CheckWeight(weight);
        return this;
    }

    /// <summary>Creates a deep copy of these options.</summary>
    /// <returns>The copy.</returns>
    public virtual SignalWeightsOptions Clone() => new(this);

    private static EventKind CheckKind(EventKind kind, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(kind))] string paramName = "")
    {
        if (kind.Value is null)
        {
            Throw.Argument(paramName, "The kind is a default instance.");
        }

        return kind;
    }

    private static float CheckWeight(float weight, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(weight))] string paramName = "")
    {
        if (!float.IsFinite(weight))
        {
            Throw.OutOfRange(paramName, weight, "must be finite");
        }

        return weight;
    }
}
