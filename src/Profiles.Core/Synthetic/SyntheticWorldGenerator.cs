// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Profiles.Core;

/// <summary>
/// Generates a <see cref="SyntheticWorld"/>: the catalogue and texts, the persons (identity, tastes, namesakes), the
/// account numbering, the events per block of persons in parallel, their arrival order, then the persons' contacts and
/// their accounts per block in parallel.
/// </summary>
/// <remarks>
/// <para>Every random decision comes from a <see cref="DeterministicRandom"/> stream forked from the seed by purpose
/// and, for persons and bots, by index, so no result depends on the order or the thread in which blocks run. Person
/// <c>p</c>'s streams are <c>persons.Fork(p).Fork(purpose)</c>: identity, taste, contact, de-duplication, accounts,
/// training events, dirty rows and future events, each separate, so that changing a rate of dirty rows does not move
/// a clean event and changing the event options does not move an identity.</para>
/// <para>Arithmetic that reaches the output is IEEE basic operations and exact integer conversions only.</para>
/// </remarks>
internal sealed partial class SyntheticWorldGenerator
{
    public const int Shop = 0, Social = 1, News = 2, PlatformCount = 3;
    public const int KindView = 0, KindClick = 1, KindLike = 2, KindShare = 3, KindComment = 4, KindAddToCart = 5, KindPurchase = 6, KindRating = 7, KindDwell = 8;
    public const int FirstUnknownKind = 10;

    /// <summary>Clean rows never repeat (account, item, kind) within this many seconds.</summary>
    public const int MinRepeatGapSeconds = 600;

    /// <summary>A dirty row arrives at most this many seconds after the clean row it was made from.</summary>
    public const int MaxDirtyDelaySeconds = 5;

    /// <summary>The most events the options may ask for.</summary>
    public const double MaxEvents = 500_000_000d;

    private const int ChunkSize = 256;
    private const int BotsPerChunk = 4;
    private const int PoolSize = 12;
    private const int OversizedCount = 4;
    private const long SecondsPerDay = 86_400;

    private const ulong StreamCatalogue = 1, StreamPersons = 2, StreamNumbering = 3, StreamBots = 4, StreamTexts = 5;
    private const ulong PersonIdentity = 0, PersonTaste = 1, PersonContact = 2, PersonDedupe = 3, PersonAccounts = 4, PersonEvents = 5, PersonDirty = 6, PersonFuture = 7;
    private const ulong BotIdentity = 0, BotContact = 1, BotAccount = 2, BotEvents = 3;

    public static readonly string[] UnknownKinds = ["hover", "scroll", "long-press", "copy_link", "HOVER"];
    public static readonly string[] ItemPrefixes = ["p", "s", "n"];
    public static readonly string[] AccountPrefixes = ["C", "U", "R"];

    private static readonly double[] s_hourWeights = [2, 1, 1, 1, 1, 2, 4, 6, 7, 7, 7, 8, 9, 8, 7, 7, 8, 9, 11, 13, 14, 13, 9, 5];
    private static readonly double[] s_weekdayWeights = [1.0, 0.95, 0.95, 1.0, 1.05, 1.25, 1.3]; // Monday .. Sunday
    private static readonly double[] s_activityMultipliers = [0.2, 0.35, 0.5, 0.7, 0.9, 1.1, 1.4, 1.8, 2.5, 3.5, 5.0];
    private static readonly double[] s_activityWeights = [8, 12, 14, 14, 12, 10, 9, 8, 6, 4, 3];
    private static readonly double[] s_maskWeights = [0, 17, 22, 17, 10, 7, 10, 17]; // by mask: bit 0 shop, bit 1 social, bit 2 news
    private static readonly double[] s_platformActivity = [0.25, 0.45, 0.30];
    private static readonly int[] s_sessionMin = [1, 2, 2];
    private static readonly int[] s_sessionSpan = [4, 7, 5];
    private static readonly double[] s_tasteSizeWeights = [0, 0, 35, 40, 25];
    private static readonly double[] s_ratingInTaste = [3, 5, 14, 36, 42];
    private static readonly double[] s_ratingNoise = [15, 20, 30, 20, 15];
    private static readonly double[] s_botPlatformWeights = [20, 50, 30];
    private static readonly double[] s_deviceCountWeights = [10, 50, 30, 10];
    private static readonly double[] s_emailPatternWeights = [28, 14, 5, 12, 5, 10, 10, 6, 5, 5];

    // Presence of each identifier per platform: e-mail, phone, display name, birth year, city, device ids.
    private static readonly double[][] s_presence = [[0.97, 0.65, 0.95, 0.45, 0.85, 0.7], [0.85, 0.45, 0.97, 0.75, 0.5, 0.9], [0.75, 0.15, 0.6, 0.3, 0.4, 0.7]];
    private static readonly double[][] s_phoneFormatWeights = [[3, 1, 1, 1, 4, 3, 6, 1, 1, 1], [3, 2, 1, 3, 2, 2, 3, 1, 2, 2], [2, 2, 2, 5, 2, 2, 2, 1, 1, 1]];
    private static readonly double[] s_shortNameChance = [0.08, 0.25, 0.15];

    private readonly SyntheticWorldOptions _o;
    private readonly IProgress<SyntheticWorldProgress>? _progress;
    private readonly CancellationToken _ct;
    private readonly DeterministicRandom _root;
    private readonly DeterministicRandom _personsRoot;
    private readonly DeterministicRandom _botsRoot;
    private readonly int _persons;
    private readonly int _bots;
    private readonly int _topicCount;
    private readonly long _start;
    private readonly long _end;
    private readonly long _futureEnd;
    private readonly int _days;
    private readonly int _futureDays;
    private readonly SyntheticTaxonomy.TopicData[] _topicData = SyntheticTaxonomy.Topics;

    private readonly CumulativeTable _hours = new(s_hourWeights);
    private readonly CumulativeTable _activity = new(s_activityWeights);
    private readonly CumulativeTable _masks = new(s_maskWeights);
    private readonly CumulativeTable _tasteSize = new(s_tasteSizeWeights);
    private readonly CumulativeTable _ratingInTaste = new(s_ratingInTaste);
    private readonly CumulativeTable _ratingNoise = new(s_ratingNoise);
    private readonly CumulativeTable _botPlatforms = new(s_botPlatformWeights);
    private readonly CumulativeTable _deviceCounts = new(s_deviceCountWeights);
    private readonly CumulativeTable _emailPatterns = new(s_emailPatternWeights);
    private readonly CumulativeTable[] _phoneFormats;
    private readonly CumulativeTable _birthYears;
    private readonly CumulativeTable _cities;
    private readonly CumulativeTable _providers;
    private readonly CumulativeTable _topicPopularity;
    private readonly CumulativeTable _trainingDayTable;
    private readonly CumulativeTable? _futureDayTable;
    private readonly double _activityMean;
    private readonly double _dirtyRate;
    private readonly int[] _topicCategory;
    private readonly int[][] _categoryTopics;

    // Catalogue and texts.
    private Item[] _items = [];
    private readonly int[] _itemOffset = new int[PlatformCount + 1];
    private readonly int[][][] _rankItems = new int[PlatformCount][][];
    private readonly CumulativeTable[][] _zipf = new CumulativeTable[PlatformCount][];
    private string[] _texts = [];
    private int _commentBase;
    private int _spamBase;
    private int _oversizedBase;

    // Persons.
    private readonly short[] _first;
    private readonly short[] _last;
    private readonly short[] _birth;
    private readonly byte[] _city;
    private readonly byte[] _mask;
    private readonly byte[] _namesakeFlags; // bit 0 same birth year, bit 1 same city
    private readonly int[] _namesakeOf;
    private readonly int[] _target;
    private readonly float[] _prefs;
    private readonly float[] _tastes;
    private readonly byte[] _tasteCount;
    private readonly byte[] _tasteTopics;
    private readonly float[] _tasteWeights;
    private readonly string[] _emailLocal;
    private readonly byte[] _emailDomain;
    private readonly string[] _secondary;
    private ulong[]? _canonical; // hashes of the canonical addresses, two per person, while contacts are made unique
    private readonly long[] _phone;
    private readonly string[][] _devices;

    // Bots.
    private readonly int[] _botPlatform;
    private readonly string?[] _botEmail;

    // Accounts.
    private readonly int[] _platformSlotOffset = new int[PlatformCount + 1];
    private readonly int[] _accountWidth = new int[PlatformCount];
    private int[] _slotStart = [];
    private int[] _slots = [];
    private int[] _personOfSlot = [];
    private int[] _botSlots = [];
    private AccountRecord[] _accounts = [];

    private int _completed;

    public SyntheticWorldGenerator(SyntheticWorldOptions options, IProgress<SyntheticWorldProgress>? progress, CancellationToken cancellationToken)
    {
        _o = options;
        _progress = progress;
        _ct = cancellationToken;
        _root = new DeterministicRandom(options.Seed);
        _personsRoot = _root.Fork(StreamPersons);
        _botsRoot = _root.Fork(StreamBots);
        _persons = options.Persons;
        _bots = options.Bots;
        _topicCount = _topicData.Length;
        _start = options.Start.ToUnixTimeSeconds();
        _days = (int)(options.Duration.Ticks / TimeSpan.TicksPerDay);
        _futureDays = (int)(options.FutureWindow.Ticks / TimeSpan.TicksPerDay);
        _end = _start + (_days * SecondsPerDay);
        _futureEnd = _end + (_futureDays * SecondsPerDay);

        _phoneFormats = Array.ConvertAll(s_phoneFormatWeights, w => new CumulativeTable(w));
        _birthYears = new CumulativeTable(BirthYearWeights());
        _cities = new CumulativeTable(Array.ConvertAll(SyntheticPeopleData.Cities, c => c.Weight));
        _providers = new CumulativeTable(Array.ConvertAll(SyntheticPeopleData.EmailProviders, p => p.Weight));
        _topicPopularity = new CumulativeTable(Array.ConvertAll(_topicData, t => t.Popularity));
        _trainingDayTable = DayTable(_start, _days);
        _futureDayTable = _futureDays > 0 ? DayTable(_end, _futureDays) : null;

        double sum = 0d, weighted = 0d;
        for (int i = 0; i < s_activityWeights.Length; i++)
        {
            sum += s_activityWeights[i];
            weighted += s_activityWeights[i] * s_activityMultipliers[i];
        }

        _activityMean = weighted / sum;
        _dirtyRate = options.DuplicateRate + options.TimestampOutOfRangeRate + options.InvalidValueRate + options.UnknownKindRate
            + options.EmptyIdRate + options.OversizedTextRate;

        var categories = new List<string>();
        _topicCategory = new int[_topicCount];
        var members = new List<List<int>>();
        for (int t = 0; t < _topicCount; t++)
        {
            int c = categories.IndexOf(_topicData[t].Category);
            if (c < 0)
            {
                c = categories.Count;
                categories.Add(_topicData[t].Category);
                members.Add([]);
            }

            _topicCategory[t] = c;
            members[c].Add(t);
        }

        _categoryTopics = members.ConvertAll(m => m.ToArray()).ToArray();

        _first = new short[_persons];
        _last = new short[_persons];
        _birth = new short[_persons];
        _city = new byte[_persons];
        _mask = new byte[_persons];
        _namesakeFlags = new byte[_persons];
        _namesakeOf = new int[_persons];
        _target = new int[_persons];
        _prefs = new float[_persons * PlatformCount];
        _tastes = new float[(long)_persons * _topicCount];
        _tasteCount = new byte[_persons];
        _tasteTopics = new byte[_persons * 4];
        _tasteWeights = new float[_persons * 4];
        _emailLocal = new string[_persons];
        _emailDomain = new byte[_persons];
        _secondary = new string[_persons];
        _phone = new long[_persons];
        _devices = new string[_persons][];
        _botPlatform = new int[_bots];
        _botEmail = new string?[_bots];
    }

    public SyntheticWorld Generate()
    {
        SyntheticTopic[] topics = BuildTopics();
        BuildCatalogue();
        BuildTexts();
        ForEachBlock(_persons, ChunkSize, (p, r) =>
        {
            BuildIdentity(p, r);
            BuildTaste(p, r);
        });
        ResolveNamesakes();
        BuildBotIdentities();
        NumberAccounts();

        // Events first, while the heap holds few objects; then the strings of contacts and accounts.
        Chunk[] chunks = GenerateEvents();
        (EventRow[] training, DirtyRow[] dirty) = Order(chunks, future: false);
        (EventRow[] future, _) = Order(chunks, future: true);
        BuildContacts();
        BuildAllAccounts();

        var kinds = new EventKind[FirstUnknownKind + UnknownKinds.Length];
        EventKind.WellKnown.CopyTo(kinds);
        for (int i = 0; i < UnknownKinds.Length; i++)
        {
            kinds[FirstUnknownKind + i] = new EventKind(UnknownKinds[i]);
        }

        var tables = new SyntheticWorldTables
        {
            Platforms = [SyntheticWorld.Shop, SyntheticWorld.Social, SyntheticWorld.News],
            Accounts = _accounts,
            Items = _items,
            Kinds = kinds,
            Texts = _texts,
        };
        var events = new SyntheticEventList(training, tables);
        var futureEvents = new SyntheticEventList(future, tables);
        return new SyntheticWorld(_o, Array.AsReadOnly(topics), tables, events, futureEvents, list => new SyntheticGroundTruth(
            tables, list, _personOfSlot, _slotStart, _slots, _tastes, _topicCount, _first, _last, _birth, _namesakeOf, _platformSlotOffset,
            AccountPrefixes, _accountWidth, _botSlots, dirty));
    }

    /// <summary>Reports progress: every person and bot counts twice, once for its events and once for its accounts.</summary>
    private void Report(int done)
    {
        int completed = Interlocked.Add(ref _completed, done);
        _progress?.Report(new SyntheticWorldProgress(completed, 2 * (_persons + _bots)));
    }

    private ParallelOptions ParallelOptions() =>
        new() { MaxDegreeOfParallelism = _o.MaxDegreeOfParallelism, CancellationToken = _ct };

    /// <summary>Runs <paramref name="body"/> for every index, in blocks, with a generator each block reseeds as it needs.</summary>
    private void ForEachBlock(int count, int block, Action<int, DeterministicRandom> body) =>
        Parallel.For(0, (count + block - 1) / block, ParallelOptions(), c =>
        {
            var scratch = new DeterministicRandom(0);
            int to = Math.Min(count, (c + 1) * block);
            for (int i = c * block; i < to; i++)
            {
                body(i, scratch);
            }
        });

    /// <summary>Returns person <paramref name="person"/>'s stream for <paramref name="purpose"/>: <c>persons.Fork(person).Fork(purpose)</c>.</summary>
    private DeterministicRandom PersonStream(int person, ulong purpose) => new(PersonSeed(person, purpose));

    /// <summary>Reseeds <paramref name="into"/> as <see cref="PersonStream(int, ulong)"/>, without allocating.</summary>
    private DeterministicRandom PersonStream(int person, ulong purpose, DeterministicRandom into)
    {
        into.Reseed(PersonSeed(person, purpose));
        return into;
    }

    private ulong PersonSeed(int person, ulong purpose) => DeterministicRandom.ForkSeed(_personsRoot.ForkSeed((ulong)person), purpose);

    private DeterministicRandom BotStream(int bot, ulong purpose) => _botsRoot.Fork((ulong)bot).Fork(purpose);

    private static double[] BirthYearWeights()
    {
        var weights = new double[2008 - 1950 + 1];
        for (int y = 1950; y <= 2008; y++)
        {
            weights[y - 1950] = y switch
            {
                < 1960 => 0.5,
                < 1970 => 0.8,
                < 1980 => 1.0,
                < 1990 => 1.3,
                < 2000 => 1.5,
                _ => 1.1,
            };
        }

        return weights;
    }

    /// <summary>Weights the days of a window by weekday (1970-01-01 was a Thursday).</summary>
    private static CumulativeTable DayTable(long windowStart, int days)
    {
        var weights = new double[days];
        long firstDay = Math.DivRem(windowStart, SecondsPerDay, out long rem);
        if (rem < 0)
        {
            firstDay--;
        }

        for (int d = 0; d < days; d++)
        {
            long weekday = ((firstDay + d + 3) % 7 + 7) % 7; // 0 = Monday
            weights[d] = s_weekdayWeights[weekday];
        }

        return new CumulativeTable(weights);
    }

    private static int Digits(long value)
    {
        int digits = 1;
        while (value >= 10)
        {
            value /= 10;
            digits++;
        }

        return digits;
    }

    private SyntheticTopic[] BuildTopics()
    {
        var topics = new SyntheticTopic[_topicCount];
        for (int t = 0; t < _topicCount; t++)
        {
            SyntheticTaxonomy.TopicData d = _topicData[t];
            topics[t] = new SyntheticTopic(t, d.Category, d.Name, Array.AsReadOnly((string[])d.Vocabulary.Clone()));
        }

        return topics;
    }
}
