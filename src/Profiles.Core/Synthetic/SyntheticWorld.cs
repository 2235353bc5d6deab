// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Threading;

namespace Profiles.Core;

/// <summary>
/// A seeded synthetic world of persons with tastes, their accounts on a shop, a social app and a news reader, the
/// platforms' catalogues, the events of a training window with dirty rows and bots, the clean events of a held-out
/// future window, and the ground truth of all of it: the library's embedded data, with nothing to download.
/// </summary>
/// <remarks>
/// <para><b>Contents.</b> Each person has sparse true tastes over <see cref="Topics"/> and accounts on one to three
/// <see cref="Platforms"/> whose e-mail, phone, name, birth year, city and devices vary the way real sign-ups do
/// (see docs/synthetic-world.md). The shop emits <c>view</c>, <c>add-to-cart</c>, <c>purchase</c>, <c>rating</c>
/// (value 1 to 5) and <c>comment</c> (a review); the social app <c>view</c>, <c>like</c>, <c>share</c> and
/// <c>comment</c>; the news reader <c>view</c>, <c>click</c> and <c>dwell</c> (value in seconds).</para>
/// <para><b>Order.</b> <see cref="Events"/> are in arrival order: by arrival second, then in generation order. Clean
/// rows arrive at their timestamp, so they are sorted by timestamp; a dirty row arrives 0 to 5 seconds after the clean
/// row it was made from, so a row with a corrupted timestamp sits where it arrived, not where its timestamp sorts.
/// <see cref="FutureEvents"/> are clean and sorted by timestamp.</para>
/// <para><b>Determinism.</b> The same options give the same world, byte for byte, on every machine, operating system,
/// CPU and .NET version, and for any <see cref="SyntheticWorldOptions.MaxDegreeOfParallelism"/>: randomness comes from
/// <c>DeterministicRandom</c> (xoshiro256** seeded by SplitMix64) with one forked stream per person, arithmetic is
/// limited to IEEE basic operations, timestamps are whole seconds, values are whole stars and seconds, and nothing
/// reads the clock, the culture or <see cref="Random"/>. Persons, their tastes and their accounts do not depend on the
/// event options (window, events per person, catalogue size, noise, rates), and the clean events do not depend on the
/// rates of dirty rows; the number of bots changes only how account ids are numbered.</para>
/// <para>This type is immutable and thread-safe.</para>
/// </remarks>
public sealed class SyntheticWorld
{
    private static readonly Lazy<SyntheticWorld> s_default = new(() => Generate(), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly SyntheticWorldOptions _options;

    internal SyntheticWorld(
        SyntheticWorldOptions options, IReadOnlyList<SyntheticTopic> topics, SyntheticWorldTables tables,
        SyntheticEventList events, SyntheticEventList futureEvents, Func<SyntheticEventList, SyntheticGroundTruth> groundTruth)
    {
        _options = options;
        Topics = topics;
        Platforms = Array.AsReadOnly(tables.Platforms);
        Items = Array.AsReadOnly(tables.Items);
        Accounts = Array.AsReadOnly(tables.Accounts);
        Events = events;
        FutureEvents = futureEvents;
        GroundTruth = groundTruth(events);
        Start = options.Start;
        TrainingEnd = options.Start + options.Duration;
        FutureEnd = TrainingEnd + options.FutureWindow;
    }

    /// <summary>Gets the shop platform: <c>shop</c>.</summary>
    public static PlatformId Shop { get; } = new("shop");

    /// <summary>Gets the social app platform: <c>social</c>.</summary>
    public static PlatformId Social { get; } = new("social");

    /// <summary>Gets the news reader platform: <c>news</c>.</summary>
    public static PlatformId News { get; } = new("news");

    /// <summary>Gets the default world (seed 42, 2,000 persons, see <see cref="SyntheticWorldOptions"/>), generated on first use.</summary>
    public static SyntheticWorld Default => s_default.Value;

    /// <summary>Gets a copy of the options the world was generated with.</summary>
    public SyntheticWorldOptions Options => _options.Clone();

    /// <summary>Gets the start of the training window.</summary>
    public DateTimeOffset Start { get; }

    /// <summary>Gets the end of the training window (exclusive), which is the start of the future window.</summary>
    public DateTimeOffset TrainingEnd { get; }

    /// <summary>Gets the end of the future window (exclusive).</summary>
    public DateTimeOffset FutureEnd { get; }

    /// <summary>Gets the platforms: <see cref="Shop"/>, <see cref="Social"/>, <see cref="News"/>.</summary>
    public IReadOnlyList<PlatformId> Platforms { get; }

    /// <summary>Gets the topic taxonomy: 32 topics in 8 categories, each with its vocabulary.</summary>
    public IReadOnlyList<SyntheticTopic> Topics { get; }

    /// <summary>Gets every platform's catalogue, by platform then id (<c>p000123</c> shop products, <c>s000045</c> social posts, <c>n000789</c> news articles).</summary>
    public IReadOnlyList<Item> Items { get; }

    /// <summary>Gets every account (persons' and bots'), by platform then id; ids are shuffled, so the order reveals nobody.</summary>
    public IReadOnlyList<AccountRecord> Accounts { get; }

    /// <summary>Gets the events of the training window, dirty rows and bot rows included, in arrival order.</summary>
    public IReadOnlyList<InteractionEvent> Events { get; }

    /// <summary>Gets the clean events of persons in the held-out window after the training window, sorted by timestamp.</summary>
    public IReadOnlyList<InteractionEvent> FutureEvents { get; }

    /// <summary>Gets the ground truth: account to person, tastes, namesakes, bots and dirty rows.</summary>
    public SyntheticGroundTruth GroundTruth { get; }

    /// <summary>Generates a world.</summary>
    /// <param name="options">The options, copied; <see langword="null"/> for the defaults (a demo-sized world).</param>
    /// <param name="progress">Receives the number of persons and bots done, from worker threads; may be <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels between blocks of persons.</param>
    /// <returns>The world.</returns>
    /// <exception cref="ArgumentException">The rates of dirty rows add up to more than 1, or the options ask for more than 500 million events.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static SyntheticWorld Generate(
        SyntheticWorldOptions? options = null, IProgress<SyntheticWorldProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        SyntheticWorldOptions copy = (options ?? new SyntheticWorldOptions()).Clone();
        copy.ValidateTogether(nameof(options));
        return new SyntheticWorldGenerator(copy, progress, cancellationToken).Generate();
    }
}
