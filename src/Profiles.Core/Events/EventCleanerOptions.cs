// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace Profiles.Core;

/// <summary>Configures <see cref="EventCleaner"/>: what counts as a valid event, a duplicate and a bot.</summary>
/// <remarks><para>Options are mutable and not thread-safe; <see cref="EventCleaner"/> clones them on construction.</para></remarks>
public class EventCleanerOptions
{
    /// <summary>Initializes a new instance of the <see cref="EventCleanerOptions"/> class with the defaults.</summary>
    public EventCleanerOptions()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="EventCleanerOptions"/> class as a copy of <paramref name="other"/>.</summary>
    /// <param name="other">The options to copy.</param>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is <see langword="null"/>.</exception>
    protected EventCleanerOptions(EventCleanerOptions other)
    {
        Throw.IfNull(other);
        CustomKinds = [.. other.CustomKinds];
        MinTimestamp = other.MinTimestamp;
        MaxFutureSkew = other.MaxFutureSkew;
        MaxTextLength = other.MaxTextLength;
        MaxIdLength = other.MaxIdLength;
        Platforms = [.. other.Platforms];
        DuplicateWindow = other.DuplicateWindow;
        DetectBots = other.DetectBots;
        BotMadMultiplier = other.BotMadMultiplier;
        BotMinEventsPerDay = other.BotMinEventsPerDay;
        SampleLimit = other.SampleLimit;
        TimeProvider = other.TimeProvider;
    }

    /// <summary>Gets or sets the custom kinds accepted besides <see cref="EventKind.WellKnown"/>.</summary>
    /// <value>The default is empty: only well-known kinds are accepted.</value>
    public IList<EventKind> CustomKinds { get; set => field = Throw.IfNull(value); } = [];

    /// <summary>Gets or sets the platforms whose events are accepted; events of any other platform are rejected as
    /// <see cref="RejectionReason.UnknownPlatform"/>.</summary>
    /// <value>The default is empty: events of every platform are accepted.</value>
    public IList<PlatformId> Platforms { get; set => field = Throw.IfNull(value); } = [];

    /// <summary>Gets or sets the earliest plausible timestamp; earlier events are rejected.</summary>
    /// <value>The default is 1990-01-01T00:00:00Z.</value>
    public DateTimeOffset MinTimestamp { get; set; } = new(1990, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Gets or sets how far after <see cref="TimeProvider"/>'s now a timestamp may lie (clock skew between
    /// platforms); later events are rejected.</summary>
    /// <value>The default is one day.</value>
    public TimeSpan MaxFutureSkew { get; set => field = Throw.IfLessThan(value, TimeSpan.Zero); } = TimeSpan.FromDays(1);

    /// <summary>Gets or sets the longest accepted text, in UTF-16 code units.</summary>
    /// <value>The default is 4,096.</value>
    public int MaxTextLength { get; set => field = Throw.IfLessThan(value, 0); } = 4096;

    /// <summary>Gets or sets the longest accepted platform, account or item id, in UTF-16 code units; longer ids are
    /// rejected as <see cref="RejectionReason.InvalidId"/>.</summary>
    /// <value>The default is 1,024.</value>
    public int MaxIdLength { get; set => field = Throw.IfLessThan(value, 1); } = 1024;

    /// <summary>Gets or sets the window within which a repeat of the same platform, account, item and kind is merged
    /// into the first occurrence. <see cref="TimeSpan.Zero"/> merges only exact repeats (same timestamp).</summary>
    /// <value>The default is 30 seconds.</value>
    public TimeSpan DuplicateWindow { get; set => field = Throw.IfLessThan(value, TimeSpan.Zero); } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets a value indicating whether bot-like accounts are detected and rejected.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool DetectBots { get; set; } = true;

    /// <summary>Gets or sets k in the bot threshold <c>median + k * 1.4826 * MAD</c> of the accounts' busiest-day event
    /// counts (1.4826 makes the MAD a consistent estimate of the standard deviation for normal data).</summary>
    /// <value>The default is 10.</value>
    public double BotMadMultiplier { get; set => field = Throw.IfNotPositiveOrNotFinite(value); } = 10d;

    /// <summary>Gets or sets a floor under the bot threshold: an account is bot-like only if its busiest UTC day has more
    /// events than this, however small the population's spread.</summary>
    /// <value>The default is 200.</value>
    public int BotMinEventsPerDay { get; set => field = Throw.IfLessThan(value, 1); } = 200;

    /// <summary>Gets or sets how many samples the report keeps per reason.</summary>
    /// <value>The default is 10.</value>
    public int SampleLimit { get; set => field = Throw.IfLessThan(value, 0); } = 10;

    /// <summary>Gets or sets the clock that defines "now" for <see cref="MaxFutureSkew"/>.</summary>
    /// <value>The default is <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; set => field = Throw.IfNull(value); } = TimeProvider.System;

    /// <summary>Creates a deep copy of these options.</summary>
    /// <returns>The copy.</returns>
    public virtual EventCleanerOptions Clone() => new(this);
}
