// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;

namespace Profiles.Core;

/// <summary>Options of <see cref="SyntheticWorld.Generate"/>: the seed, the size, the time window and the rates of namesakes and dirty rows.</summary>
/// <remarks>
/// <para>Every property is validated when set and throws an <see cref="ArgumentOutOfRangeException"/> naming the
/// property; <see cref="SyntheticWorld.Generate"/> also checks the rates of dirty rows together (their sum is at most
/// 1). <see cref="SyntheticWorld.Generate"/> copies the options, so later changes do not affect a world.</para>
/// <para>The same options give the same world on every machine, whatever <see cref="MaxDegreeOfParallelism"/> is.</para>
/// </remarks>
public class SyntheticWorldOptions
{
    /// <summary>Initializes a new instance of the <see cref="SyntheticWorldOptions"/> class with the defaults: a demo-sized world of 2,000 persons.</summary>
    public SyntheticWorldOptions()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="SyntheticWorldOptions"/> class as a copy of <paramref name="other"/>.</summary>
    /// <param name="other">The options to copy.</param>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is <see langword="null"/>.</exception>
    protected SyntheticWorldOptions(SyntheticWorldOptions other)
    {
        _ = Throw.IfNull(other);
        Seed = other.Seed;
        Persons = other.Persons;
        Start = other.Start;
        Duration = other.Duration;
        FutureWindow = other.FutureWindow;
        EventsPerPerson = other.EventsPerPerson;
        TasteNoise = other.TasteNoise;
        ItemsPerPlatform = other.ItemsPerPlatform;
        NamesakeRate = other.NamesakeRate;
        NamesakeSameBirthYearShare = other.NamesakeSameBirthYearShare;
        Bots = other.Bots;
        BotEventsPerDay = other.BotEventsPerDay;
        DuplicateRate = other.DuplicateRate;
        TimestampOutOfRangeRate = other.TimestampOutOfRangeRate;
        InvalidValueRate = other.InvalidValueRate;
        UnknownKindRate = other.UnknownKindRate;
        EmptyIdRate = other.EmptyIdRate;
        OversizedTextRate = other.OversizedTextRate;
        OversizedTextLength = other.OversizedTextLength;
        MaxDegreeOfParallelism = other.MaxDegreeOfParallelism;
    }

    /// <summary>Gets the default start of the training window: 2026-01-01T00:00:00Z.</summary>
    public static DateTimeOffset DefaultStart { get; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Gets or sets the seed: the same seed and options give the same world everywhere.</summary>
    /// <value>The default is 42. Any value.</value>
    public ulong Seed { get; set; } = 42;

    /// <summary>Gets or sets the number of persons.</summary>
    /// <value>The default is 2,000. From 1 to 2,000,000.</value>
    public int Persons { get; set => field = InRange(value, 1, 2_000_000, nameof(Persons)); } = 2_000;

    /// <summary>Gets or sets the start of the training window; the world never reads the clock.</summary>
    /// <value>The default is <see cref="DefaultStart"/>. Whole seconds, between the years 1971 and 9000.</value>
    public DateTimeOffset Start
    {
        get;
        set
        {
            if (value.Ticks % TimeSpan.TicksPerSecond != 0 || value.UtcDateTime.Year is < 1971 or > 9000)
            {
                Throw.OutOfRange(nameof(Start), value, "must be a whole second between the years 1971 and 9000");
            }

            field = value.ToUniversalTime();
        }
    } = DefaultStart;

    /// <summary>Gets or sets the length of the training window (<see cref="SyntheticWorld.Events"/>).</summary>
    /// <value>The default is 90 days. Whole days, from 1 to 3,650.</value>
    public TimeSpan Duration { get; set => field = WholeDays(value, 1, nameof(Duration)); } = TimeSpan.FromDays(90);

    /// <summary>Gets or sets the length of the held-out window right after the training window (<see cref="SyntheticWorld.FutureEvents"/>).</summary>
    /// <value>The default is 14 days. Whole days, from 0 (no future events) to 3,650.</value>
    public TimeSpan FutureWindow { get; set => field = WholeDays(value, 0, nameof(FutureWindow)); } = TimeSpan.FromDays(14);

    /// <summary>Gets or sets the mean number of clean training events per person; the counts are skewed (a few heavy users).</summary>
    /// <value>The default is 30. From 1 to 10,000.</value>
    public double EventsPerPerson { get; set => field = InRange(value, 1d, 10_000d, nameof(EventsPerPerson)); } = 30d;

    /// <summary>Gets or sets the share of a person's interactions that follow overall topic popularity instead of the person's tastes.</summary>
    /// <value>The default is 0.1. From 0 to 1.</value>
    public double TasteNoise { get; set => field = InRange(value, 0d, 1d, nameof(TasteNoise)); } = 0.1;

    /// <summary>Gets or sets the size of each platform's catalogue, shared evenly among the topics.</summary>
    /// <value>The default is 1,000. From 32 (one item per topic) to 1,000,000.</value>
    public int ItemsPerPlatform { get; set => field = InRange(value, 32, 1_000_000, nameof(ItemsPerPlatform)); } = 1_000;

    /// <summary>Gets or sets the share of persons given the full name of another, earlier person (a namesake).</summary>
    /// <value>The default is 0.02. From 0 to 1.</value>
    public double NamesakeRate { get; set => field = InRange(value, 0d, 1d, nameof(NamesakeRate)); } = 0.02;

    /// <summary>Gets or sets the share of namesakes that also have the other person's year of birth.</summary>
    /// <value>The default is 0.5. From 0 to 1.</value>
    public double NamesakeSameBirthYearShare { get; set => field = InRange(value, 0d, 1d, nameof(NamesakeSameBirthYearShare)); } = 0.5;

    /// <summary>Gets or sets the number of bot accounts: accounts of no person that emit bursts of events.</summary>
    /// <value>The default is 5. From 0 to 10,000.</value>
    public int Bots { get; set => field = InRange(value, 0, 10_000, nameof(Bots)); } = 5;

    /// <summary>Gets or sets the mean number of events a bot emits on each of its active days.</summary>
    /// <value>The default is 300. From 1 to 100,000.</value>
    public double BotEventsPerDay { get; set => field = InRange(value, 1d, 100_000d, nameof(BotEventsPerDay)); } = 300d;

    /// <summary>Gets or sets the probability that a clean training event is followed by an exact duplicate 0 to 5 seconds later.</summary>
    /// <value>The default is 0.01. From 0 to 1.</value>
    public double DuplicateRate { get; set => field = InRange(value, 0d, 1d, nameof(DuplicateRate)); } = 0.01;

    /// <summary>Gets or sets the probability that a clean training event is followed by a copy whose timestamp is out of any range (1970, year 1, far future).</summary>
    /// <value>The default is 0.001. From 0 to 1.</value>
    public double TimestampOutOfRangeRate { get; set => field = InRange(value, 0d, 1d, nameof(TimestampOutOfRangeRate)); } = 0.001;

    /// <summary>Gets or sets the probability that a clean training event is followed by a copy whose value is NaN, infinite or negative.</summary>
    /// <value>The default is 0.001. From 0 to 1.</value>
    public double InvalidValueRate { get; set => field = InRange(value, 0d, 1d, nameof(InvalidValueRate)); } = 0.001;

    /// <summary>Gets or sets the probability that a clean training event is followed by a copy with an unknown kind (<c>hover</c>, <c>scroll</c>...).</summary>
    /// <value>The default is 0.001. From 0 to 1.</value>
    public double UnknownKindRate { get; set => field = InRange(value, 0d, 1d, nameof(UnknownKindRate)); } = 0.001;

    /// <summary>Gets or sets the probability that a clean training event is followed by a copy whose account or item id is empty.</summary>
    /// <value>The default is 0.001. From 0 to 1.</value>
    public double EmptyIdRate { get; set => field = InRange(value, 0d, 1d, nameof(EmptyIdRate)); } = 0.001;

    /// <summary>Gets or sets the probability that a clean training event is followed by a copy with an oversized text.</summary>
    /// <value>The default is 0.0002. From 0 to 1.</value>
    public double OversizedTextRate { get; set => field = InRange(value, 0d, 1d, nameof(OversizedTextRate)); } = 0.0002;

    /// <summary>Gets or sets the length of oversized texts; clean texts are never longer than 500 characters.</summary>
    /// <value>The default is 20,000. From 1,000 to 1,000,000.</value>
    public int OversizedTextLength { get; set => field = InRange(value, 1_000, 1_000_000, nameof(OversizedTextLength)); } = 20_000;

    /// <summary>Gets or sets the most threads generation uses, or -1 for all processors; the world does not depend on it.</summary>
    /// <value>The default is -1.</value>
    public int MaxDegreeOfParallelism
    {
        get;
        set => field = value == -1 ? value : InRange(value, 1, int.MaxValue, nameof(MaxDegreeOfParallelism));
    } = -1;

    /// <summary>Creates a copy of these options.</summary>
    /// <returns>The copy.</returns>
    public virtual SyntheticWorldOptions Clone() => new(this);

    /// <summary>Checks the constraints between properties.</summary>
    /// <exception cref="ArgumentException">The rates of dirty rows add up to more than 1, or the options ask for more than 500 million events.</exception>
    internal void ValidateTogether(string paramName)
    {
        double sum = DuplicateRate + TimestampOutOfRangeRate + InvalidValueRate + UnknownKindRate + EmptyIdRate + OversizedTextRate;
        if (sum > 1d)
        {
            Throw.Argument(paramName, $"The rates of dirty rows (DuplicateRate, TimestampOutOfRangeRate, InvalidValueRate, UnknownKindRate, EmptyIdRate, OversizedTextRate) add up to {sum}; they must add up to at most 1.");
        }

        // The heaviest persons have five times the mean; bots are active for at most 10 days.
        double events = (Persons * EventsPerPerson * (1d + sum + (FutureWindow / Duration))) + (Bots * BotEventsPerDay * 1.2 * Math.Min(10d, Duration.TotalDays));
        if (events > SyntheticWorldGenerator.MaxEvents)
        {
            Throw.Argument(paramName, $"Persons, EventsPerPerson, Bots and BotEventsPerDay ask for about {events:E2} events; at most {SyntheticWorldGenerator.MaxEvents:E0} are supported.");
        }
    }

    private static T InRange<T>(T value, T min, T max, string name)
        where T : IComparable<T>
    {
        if (value is double d && double.IsNaN(d))
        {
            Throw.OutOfRange(name, value, $"must be a number from {min} to {max}");
        }

        if (value.CompareTo(min) < 0 || value.CompareTo(max) > 0)
        {
            Throw.OutOfRange(name, value, $"must be from {min} to {max}");
        }

        return value;
    }

    private static TimeSpan WholeDays(TimeSpan value, int minDays, string name)
    {
        if (value.Ticks % TimeSpan.TicksPerDay != 0 || value.Ticks < minDays * TimeSpan.TicksPerDay || value.Ticks > 3_650 * TimeSpan.TicksPerDay)
        {
            Throw.OutOfRange(name, value, $"must be a whole number of days from {minDays} to 3650");
        }

        return value;
    }
}
