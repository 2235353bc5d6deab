// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace Profiles.Core;

/// <summary>Turns events into preference strengths: per platform and kind, by value for ratings and dwells, faded with
/// a half-life, and into confidence weights for implicit-feedback models.</summary>
/// <remarks>
/// <para>The weight of an event at time <c>asOf</c> is <c>strength * 2^(-age / halfLife)</c>, where <c>age</c> is
/// <c>asOf - timestamp</c> (events after <c>asOf</c> are not faded). Its implicit-feedback confidence is
/// <c>1 + alpha * |weight|</c> and its preference is 1 when the weight is positive, 0 otherwise. Strengths are clamped
/// to <c>[-MaxStrength, MaxStrength]</c> so that an absurd value (a rating of 10^38) cannot overflow a confidence.</para>
/// <para>This type is immutable and thread-safe.</para>
/// </remarks>
public sealed class SignalWeights
{
    /// <summary>The largest strength any event gets, whatever its value.</summary>
    public const float MaxStrength = 1000f;

    private readonly SignalWeightsOptions _options;
    private readonly Dictionary<EventKind, float> _kinds;
    private readonly Dictionary<(PlatformId, EventKind), float> _platformKinds;
    private readonly bool _hasPlatformOverrides;
    private readonly double _decayPerTick;
    private readonly float _ratingWeight;
    private readonly float _dwellWeight;
    private readonly double _dwellUnitSeconds;
    private readonly double _maxDwellSeconds;

    /// <summary>Initializes a new instance of the <see cref="SignalWeights"/> class.</summary>
    /// <param name="options">The options, cloned here; <see langword="null"/> for the defaults.</param>
    public SignalWeights(SignalWeightsOptions? options = null)
    {
        _options = options?.Clone() ?? new SignalWeightsOptions();
        _kinds = new Dictionary<EventKind, float>(_options.KindWeights);
        _platformKinds = new Dictionary<(PlatformId, EventKind), float>(_options.PlatformWeights);
        _hasPlatformOverrides = _platformKinds.Count > 0;
        _decayPerTick = _options.HalfLife == TimeSpan.MaxValue ? 0d : 1d / _options.HalfLife.Ticks;
        _ratingWeight = _kinds.GetValueOrDefault(EventKind.Rating, 1f);
        _dwellWeight = _kinds.GetValueOrDefault(EventKind.Dwell, 1f);
        _dwellUnitSeconds = _options.DwellUnit.TotalSeconds;
        _maxDwellSeconds = _options.MaxDwell.TotalSeconds;
    }

    /// <summary>Gets the default weights.</summary>
    public static SignalWeights Default { get; } = new();

    /// <summary>Gets a copy of the options in use.</summary>
    public SignalWeightsOptions Options => _options.Clone();

    /// <summary>Returns the preference strength of <paramref name="e"/>, before fading: positive for a liking, negative for
    /// a dislike (a low rating), zero for no signal (a custom kind without a weight, a dropped low rating, a missing or
    /// non-finite value where one is needed).</summary>
    /// <param name="e">The event.</param>
    /// <returns>The strength; always finite.</returns>
    public float Strength(in InteractionEvent e)
    {
        if (e.Kind == EventKind.Rating)
        {
            if (e.Value is not float stars || !float.IsFinite(stars))
            {
                return 0f;
            }

            float s = (stars - _options.RatingNeutral) * _options.RatingScale;
            float w = s <= 0f && _options.LowRatings == LowRatingPolicy.Drop ? 0f : s * Override(in e, _ratingWeight);
            return Math.Clamp(w, -MaxStrength, MaxStrength);
        }

        if (e.Kind == EventKind.Dwell)
        {
            if (e.Value is not float seconds || !float.IsFinite(seconds) || seconds <= 0f)
            {
                return 0f;
            }

            double capped = Math.Min(seconds, _maxDwellSeconds);
            return Math.Clamp((float)Math.Log2(1d + (capped / _dwellUnitSeconds)) * Override(in e, _dwellWeight), -MaxStrength, MaxStrength);
        }

        if (_hasPlatformOverrides && _platformKinds.TryGetValue((e.Platform, e.Kind), out float platformWeight))
        {
            return Math.Clamp(platformWeight, -MaxStrength, MaxStrength);
        }

        return e.Kind.Value is not null && _kinds.TryGetValue(e.Kind, out float weight) ? Math.Clamp(weight, -MaxStrength, MaxStrength) : 0f;
    }

    /// <summary>Returns the fading factor <c>2^(-age / halfLife)</c> for an event at <paramref name="timestamp"/>.</summary>
    /// <param name="timestamp">When the event happened.</param>
    /// <param name="asOf">The time the weight is for; events after it are not faded.</param>
    /// <returns>A factor in (0, 1].</returns>
    public float Decay(DateTimeOffset timestamp, DateTimeOffset asOf)
    {
        long age = asOf.UtcTicks - timestamp.UtcTicks;
        return age <= 0 ? 1f : (float)Math.Pow(2d, -age * _decayPerTick);
    }

    /// <summary>Returns the faded strength of <paramref name="e"/> at <paramref name="asOf"/>.</summary>
    /// <param name="e">The event.</param>
    /// <param name="asOf">The time the weight is for, usually the end of the training window.</param>
    /// <returns><c>Strength(e) * Decay(e.Timestamp, asOf)</c>.</returns>
    public float Weight(in InteractionEvent e, DateTimeOffset asOf)
    {
        float strength = Strength(in e);
        return strength == 0f ? 0f : strength * Decay(e.Timestamp, asOf);
    }

    /// <summary>Computes <see cref="Weight"/> for each event.</summary>
    /// <param name="events">The events.</param>
    /// <param name="asOf">The time the weights are for.</param>
    /// <param name="destination">Receives one weight per event.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <paramref name="events"/>.</exception>
    public void Weigh(ReadOnlySpan<InteractionEvent> events, DateTimeOffset asOf, Span<float> destination)
    {
        if (destination.Length < events.Length)
        {
            Throw.Argument(nameof(destination), "The destination is shorter than the events.");
        }

        for (int i = 0; i < events.Length; i++)
        {
            destination[i] = Weight(in events[i], asOf);
        }
    }

    /// <summary>Returns the implicit-feedback confidence <c>1 + alpha * |weight|</c>.</summary>
    /// <param name="weight">A weight from <see cref="Weight"/>, or a sum of them.</param>
    /// <returns>The confidence, at least 1.</returns>
    public float Confidence(float weight) => 1f + (_options.Alpha * MathF.Abs(weight));

    private float Override(in InteractionEvent e, float kindWeight) =>
        _hasPlatformOverrides && _platformKinds.TryGetValue((e.Platform, e.Kind), out float w) ? w : kindWeight;
}
