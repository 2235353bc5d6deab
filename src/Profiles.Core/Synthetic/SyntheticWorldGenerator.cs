// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Numerics;
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
internal sealed class SyntheticWorldGenerator
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

    /// <summary>Generates every person's and bot's events, one chunk per block of persons (or bots), in parallel.</summary>
    private Chunk[] GenerateEvents()
    {
        int personChunks = (_persons + ChunkSize - 1) / ChunkSize;
        int botChunks = (_bots + BotsPerChunk - 1) / BotsPerChunk;
        var chunks = new Chunk[personChunks + botChunks];
        Parallel.For(0, chunks.Length, ParallelOptions(), c =>
        {
            var chunk = new Chunk();
            int done;
            if (c < personChunks)
            {
                int from = c * ChunkSize, to = Math.Min(_persons, from + ChunkSize);
                long expected = 0;
                for (int p = from; p < to; p++)
                {
                    expected += _target[p];
                }

                chunk.Rows.EnsureCapacity((int)Math.Min(1 << 26, (expected * (1.0 + _dirtyRate)) + 64));
                chunk.Future.EnsureCapacity((int)Math.Min(1 << 26, (expected * 1.25 * _futureDays / _days) + 64));
                for (int p = from; p < to; p++)
                {
                    GeneratePerson(p, chunk);
                }

                done = to - from;
            }
            else
            {
                int from = (c - personChunks) * BotsPerChunk, to = Math.Min(_bots, from + BotsPerChunk);
                for (int b = from; b < to; b++)
                {
                    GenerateBot(b, chunk);
                }

                done = to - from;
            }

            chunks[c] = chunk;
            Report(done);
        });
        return chunks;
    }

    /// <summary>Builds every person's addresses, phone and devices in parallel, then makes them unique in person order.</summary>
    private void BuildContacts()
    {
        _canonical = new ulong[2 * _persons];
        ForEachBlock(_persons, ChunkSize, BuildContact);
        MakeContactsUnique();
        _canonical = null;
    }

    /// <summary>Builds the account records of persons (in parallel) and bots.</summary>
    private void BuildAllAccounts()
    {
        var byPerson = new AccountRecord[_slots.Length];
        Parallel.For(0, (_persons + ChunkSize - 1) / ChunkSize, ParallelOptions(), c =>
        {
            int to = Math.Min(_persons, (c + 1) * ChunkSize);
            var r = new DeterministicRandom(0);
            for (int p = c * ChunkSize; p < to; p++)
            {
                BuildAccounts(p, r, byPerson);
            }

            Report(to - (c * ChunkSize));
        });

        // Records are made in person order and placed by slot only now: writing them straight into their shuffled
        // slots would touch the whole array between collections and make every collection scan it.
        for (int i = 0; i < byPerson.Length; i++)
        {
            _accounts[_slots[i]] = byPerson[i];
        }

        for (int b = 0; b < _bots; b++)
        {
            BuildBotAccount(b);
        }

        Report(_bots);
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

    private void BuildCatalogue()
    {
        int n = _o.ItemsPerPlatform;
        int width = Math.Max(6, Digits(n - 1));
        _items = new Item[PlatformCount * n];
        for (int pl = 0; pl <= PlatformCount; pl++)
        {
            _itemOffset[pl] = pl * n;
        }

        var categories = new IReadOnlyList<string>[_topicCount];
        for (int t = 0; t < _topicCount; t++)
        {
            categories[t] = Array.AsReadOnly(new[] { _topicData[t].Category, _topicData[t].Name });
        }

        DeterministicRandom catalogue = _root.Fork(StreamCatalogue);
        int year = _o.Start.UtcDateTime.Year;
        PlatformId[] platforms = [SyntheticWorld.Shop, SyntheticWorld.Social, SyntheticWorld.News];
        for (int pl = 0; pl < PlatformCount; pl++)
        {
            DeterministicRandom r = catalogue.Fork((ulong)pl);
            var topicOf = new int[n];
            for (int k = 0; k < n; k++)
            {
                topicOf[k] = k % _topicCount;
            }

            r.Shuffle(topicOf.AsSpan());
            var byTopic = new List<int>[_topicCount];
            for (int t = 0; t < _topicCount; t++)
            {
                byTopic[t] = [];
            }

            for (int k = 0; k < n; k++)
            {
                byTopic[topicOf[k]].Add(_itemOffset[pl] + k);
            }

            _rankItems[pl] = new int[_topicCount][];
            _zipf[pl] = new CumulativeTable[_topicCount];
            for (int t = 0; t < _topicCount; t++)
            {
                int[] ranked = byTopic[t].ToArray();
                r.Shuffle(ranked.AsSpan());
                var weights = new double[ranked.Length];
                for (int rank = 0; rank < ranked.Length; rank++)
                {
                    weights[rank] = 1d / (rank + 1);
                }

                _rankItems[pl][t] = ranked;
                _zipf[pl][t] = new CumulativeTable(weights);
            }

            int platform = pl;
            ForEachBlock(n, 1024, (k, _) =>
            {
                DeterministicRandom ir = catalogue.Fork(((ulong)(platform + 1) << 32) | (uint)k);
                int t = topicOf[k];
                string id = SyntheticPii.PaddedId(ItemPrefixes[platform], k, width);
                (string title, string? description) = ItemText(platform, _topicData[t], ir, year);
                _items[_itemOffset[platform] + k] = new Item(platforms[platform], id, title) { Description = description, Categories = categories[t] };
            });
        }
    }

    private static (string Title, string? Description) ItemText(int platform, SyntheticTaxonomy.TopicData topic, DeterministicRandom r, int year)
    {
        string city = SyntheticPeopleData.Cities[r.NextInt(SyntheticPeopleData.Cities.Length)].Name;
        switch (platform)
        {
            case Shop:
            {
                string title = r.Pick<string>(SyntheticText.ProductAdjectives) + " " + r.Pick<string>(topic.Products);
                if (r.Chance(0.3))
                {
                    title += ", " + r.Pick<string>(SyntheticText.ProductVariants);
                }

                string pitch = SyntheticPii.Capitalise(SyntheticText.Fill(r.Pick<string>(SyntheticText.ProductPitches), topic, r, city, year));
                return (title, pitch + " " + r.Pick<string>(SyntheticText.ProductFeatures));
            }

            case Social:
            {
                string title = SyntheticPii.Capitalise(SyntheticText.Fill(r.Pick<string>(SyntheticText.PostTemplates), topic, r, city, year));
                string tags = " #" + topic.Tag + (r.Chance(0.5) ? " #" + topic.Category : string.Empty);
                return (title, title + tags);
            }

            default:
            {
                string title = SyntheticPii.TitleCase(SyntheticText.Fill(r.Pick<string>(SyntheticText.HeadlineTemplates), topic, r, city, year));
                string lede = SyntheticPii.Capitalise(SyntheticText.Fill(r.Pick<string>(SyntheticText.LedeTemplates), topic, r, city, year));
                return (title, lede);
            }
        }
    }

    private void BuildTexts()
    {
        DeterministicRandom r = _root.Fork(StreamTexts);
        int year = _o.Start.UtcDateTime.Year;
        var texts = new List<string>();
        foreach (SyntheticTaxonomy.TopicData topic in _topicData)
        {
            for (int sentiment = 0; sentiment < 3; sentiment++)
            {
                for (int k = 0; k < PoolSize; k++)
                {
                    string city = SyntheticPeopleData.Cities[r.NextInt(SyntheticPeopleData.Cities.Length)].Name;
                    texts.Add(SyntheticPii.Capitalise(SyntheticText.Fill(r.Pick<string>(SyntheticText.ReviewTemplates[sentiment]), topic, r, city, year)));
                }
            }
        }

        _commentBase = texts.Count;
        foreach (SyntheticTaxonomy.TopicData topic in _topicData)
        {
            for (int k = 0; k < PoolSize; k++)
            {
                string city = SyntheticPeopleData.Cities[r.NextInt(SyntheticPeopleData.Cities.Length)].Name;
                texts.Add(SyntheticPii.Capitalise(SyntheticText.Fill(r.Pick<string>(SyntheticText.CommentTemplates), topic, r, city, year)));
            }
        }

        _spamBase = texts.Count;
        texts.AddRange(SyntheticText.SpamTexts);
        _oversizedBase = texts.Count;
        for (int k = 0; k < OversizedCount; k++)
        {
            texts.Add(SyntheticText.Oversized(_o.OversizedTextLength, r));
        }

        _texts = texts.ToArray();
    }

    private static int ReviewText(int topic, int sentiment, int k) => (((topic * 3) + sentiment) * PoolSize) + k;

    private int CommentText(int topic, int k) => _commentBase + (topic * PoolSize) + k;

    private void BuildIdentity(int p, DeterministicRandom scratch)
    {
        DeterministicRandom r = PersonStream(p, PersonIdentity, scratch);
        _first[p] = (short)r.NextInt(SyntheticPeopleData.FirstNames.Length);
        _last[p] = (short)r.NextInt(SyntheticPeopleData.LastNames.Length);
        _birth[p] = (short)(1950 + r.Choose(_birthYears));
        _city[p] = (byte)r.Choose(_cities);
        _mask[p] = (byte)r.Choose(_masks);
        double multiplier = s_activityMultipliers[r.Choose(_activity)] / _activityMean;
        _target[p] = Math.Max(1, (int)Math.Round(_o.EventsPerPerson * multiplier * (0.7 + (0.6 * r.NextDouble()))));
        for (int pl = 0; pl < PlatformCount; pl++)
        {
            _prefs[(p * PlatformCount) + pl] = (float)(s_platformActivity[pl] * (0.5 + r.NextDouble()));
        }

        // Last, so that the namesake rate moves nothing else.
        bool namesake = r.Chance(_o.NamesakeRate);
        int source = r.NextInt(Math.Max(1, p));
        bool sameYear = r.Chance(_o.NamesakeSameBirthYearShare);
        bool sameCity = r.Chance(0.25);
        _namesakeOf[p] = namesake && p > 0 ? source : -1;
        _namesakeFlags[p] = (byte)((sameYear ? 1 : 0) | (sameCity ? 2 : 0));
    }

    private void BuildTaste(int p, DeterministicRandom scratch)
    {
        DeterministicRandom r = PersonStream(p, PersonTaste, scratch);
        int k = r.Choose(_tasteSize);
        Span<int> topics = stackalloc int[4];
        topics[0] = r.Choose(_topicPopularity);
        for (int j = 1; j < k; j++)
        {
            int chosen = -1;
            if (r.Chance(0.4))
            {
                // Tastes cluster: another topic of the category of one already chosen.
                int[] category = _categoryTopics[_topicCategory[topics[r.NextInt(j)]]];
                int offset = r.NextInt(category.Length);
                for (int q = 0; q < category.Length && chosen < 0; q++)
                {
                    int candidate = category[(offset + q) % category.Length];
                    if (!topics[..j].Contains(candidate))
                    {
                        chosen = candidate;
                    }
                }
            }

            for (int attempt = 0; attempt < 32 && chosen < 0; attempt++)
            {
                int candidate = r.Choose(_topicPopularity);
                if (!topics[..j].Contains(candidate))
                {
                    chosen = candidate;
                }
            }

            for (int q = 0; chosen < 0; q++)
            {
                if (!topics[..j].Contains(q))
                {
                    chosen = q;
                }
            }

            topics[j] = chosen;
        }

        Span<double> weights = stackalloc double[4];
        double sum = 0d;
        for (int j = 0; j < k; j++)
        {
            double u = r.NextDouble();
            weights[j] = 0.05 + (u * u);
            sum += weights[j];
        }

        _tasteCount[p] = (byte)k;
        for (int j = 0; j < k; j++)
        {
            float w = (float)(weights[j] / sum);
            _tastes[((long)p * _topicCount) + topics[j]] = w;
            _tasteTopics[(p * 4) + j] = (byte)topics[j];
            _tasteWeights[(p * 4) + j] = w;
        }
    }

    private void ResolveNamesakes()
    {
        for (int p = 0; p < _persons; p++)
        {
            int source = _namesakeOf[p];
            if (source < 0)
            {
                continue;
            }

            // Sources come first, so they already hold their final names.
            _first[p] = _first[source];
            _last[p] = _last[source];
            if ((_namesakeFlags[p] & 1) != 0)
            {
                _birth[p] = _birth[source];
            }

            if ((_namesakeFlags[p] & 2) != 0)
            {
                _city[p] = _city[source];
            }
        }
    }

    private void BuildContact(int p, DeterministicRandom scratch)
    {
        DeterministicRandom r = PersonStream(p, PersonContact, scratch);
        string f = NameForms.FirstEmail[_first[p]];
        string l = NameForms.LastEmail[_last[p]];
        _emailLocal[p] = PrimaryLocal(f, l, _birth[p], r);
        _emailDomain[p] = (byte)r.Choose(_providers);
        _secondary[p] = SecondaryEmail(f, l, r);
        int[] areaCodes = SyntheticPeopleData.Cities[_city[p]].AreaCodes;

        // Exchanges 000-199 do not exist in the North American plan: the numbers look real but reach nobody.
        _phone[p] = (areaCodes[r.NextInt(areaCodes.Length)] * 10_000_000L) + (r.NextInt(200) * 10_000L) + r.NextInt(10_000);
        var devices = new string[r.Choose(_deviceCounts)];
        for (int i = 0; i < devices.Length; i++)
        {
            devices[i] = SyntheticPii.DeviceId(r, upper: r.Chance(0.45));
        }

        _devices[p] = devices;
        _canonical![2 * p] = SyntheticPii.CanonicalEmailHash(_emailLocal[p], Domain(p));
        _canonical[(2 * p) + 1] = SyntheticPii.CanonicalEmailHash(_secondary[p]);
    }

    private string Domain(int p) => SyntheticPeopleData.EmailProviders[_emailDomain[p]].Domain;

    private string PrimaryLocal(string f, string l, int year, DeterministicRandom r) =>
        r.Choose(_emailPatterns) switch
        {
            0 => f + "." + l,
            1 => f + l,
            2 => f + "_" + l,
            3 => string.Concat(f.AsSpan(0, 1), l),
            4 => string.Concat(f, l.AsSpan(0, 1)),
            5 => f + "." + l + (year % 100).ToString("D2", CultureInfo.InvariantCulture),
            6 => f + l + SyntheticPii.Invariant(r.NextInt(1, 1000)),
            7 => l + "." + f,
            8 => f + SyntheticPii.Invariant(year),
            _ => string.Concat(f.AsSpan(0, 1), ".", l),
        };

    private string SecondaryEmail(string f, string l, DeterministicRandom r)
    {
        if (r.Chance(0.4))
        {
            string local = r.Chance(0.5) ? f + "." + l : string.Concat(f.AsSpan(0, 1), l);
            return local + "@" + r.Pick<string>(SyntheticPeopleData.WorkDomains);
        }

        return HandleEmail(r);
    }

    private string HandleEmail(DeterministicRandom r)
    {
        string[] words = SyntheticPeopleData.HandleWords;
        string local = words[r.NextInt(words.Length)] + words[r.NextInt(words.Length)] + SyntheticPii.Invariant(r.NextInt(10, 10_000));
        return local + "@" + SyntheticPeopleData.EmailProviders[r.Choose(_providers)].Domain;
    }

    private void BuildBotIdentities()
    {
        for (int b = 0; b < _bots; b++)
        {
            DeterministicRandom r = BotStream(b, BotIdentity);
            _botPlatform[b] = r.Choose(_botPlatforms);
            DeterministicRandom contact = BotStream(b, BotContact);
            _botEmail[b] = contact.Chance(0.5) ? HandleEmail(contact) : null;
        }
    }

    /// <summary>Makes every canonical e-mail address and every phone number belong to one person (or bot) only.</summary>
    private void MakeContactsUnique()
    {
        ulong[] canonical = _canonical!;
        var emails = new HashSet<ulong>(_persons * 2);
        var phones = new HashSet<long>(_persons);
        for (int p = 0; p < _persons; p++)
        {
            DeterministicRandom? r = null;
            while (!emails.Add(canonical[2 * p]))
            {
                _emailLocal[p] += SyntheticPii.Invariant((r ??= PersonStream(p, PersonDedupe)).NextInt(1, 100));
                canonical[2 * p] = SyntheticPii.CanonicalEmailHash(_emailLocal[p], Domain(p));
            }

            while (!emails.Add(canonical[(2 * p) + 1]))
            {
                _secondary[p] = WithDigits(_secondary[p], r ??= PersonStream(p, PersonDedupe));
                canonical[(2 * p) + 1] = SyntheticPii.CanonicalEmailHash(_secondary[p]);
            }

            while (!phones.Add(_phone[p]))
            {
                r ??= PersonStream(p, PersonDedupe);
                _phone[p] = (_phone[p] / 10_000_000L * 10_000_000L) + (r.NextInt(200) * 10_000L) + r.NextInt(10_000);
            }
        }

        for (int b = 0; b < _bots; b++)
        {
            DeterministicRandom? r = null;
            while (_botEmail[b] is { } email && !emails.Add(SyntheticPii.CanonicalEmailHash(email)))
            {
                _botEmail[b] = WithDigits(email, r ??= BotStream(b, BotContact).Fork(1));
            }
        }
    }

    private static string WithDigits(string email, DeterministicRandom r)
    {
        int at = email.IndexOf('@', StringComparison.Ordinal);
        return string.Concat(email.AsSpan(0, at), SyntheticPii.Invariant(r.NextInt(1, 100)), email.AsSpan(at));
    }

    private void NumberAccounts()
    {
        Span<int> counts = stackalloc int[PlatformCount];
        _slotStart = new int[_persons + 1];
        for (int p = 0; p < _persons; p++)
        {
            int mask = _mask[p];
            for (int pl = 0; pl < PlatformCount; pl++)
            {
                if ((mask & (1 << pl)) != 0)
                {
                    counts[pl]++;
                }
            }

            _slotStart[p + 1] = _slotStart[p] + BitOperations.PopCount((uint)mask);
        }

        for (int b = 0; b < _bots; b++)
        {
            counts[_botPlatform[b]]++;
        }

        var numbers = new int[PlatformCount][];
        DeterministicRandom numbering = _root.Fork(StreamNumbering);
        for (int pl = 0; pl < PlatformCount; pl++)
        {
            _platformSlotOffset[pl + 1] = _platformSlotOffset[pl] + counts[pl];
            _accountWidth[pl] = Math.Max(7, Digits(Math.Max(0, counts[pl] - 1)));
            numbers[pl] = new int[counts[pl]];
            for (int i = 0; i < counts[pl]; i++)
            {
                numbers[pl][i] = i;
            }

            numbering.Fork((ulong)pl).Shuffle(numbers[pl].AsSpan());
        }

        int total = _platformSlotOffset[PlatformCount];
        _personOfSlot = new int[total];
        _slots = new int[_slotStart[_persons]];
        _botSlots = new int[_bots];
        _accounts = new AccountRecord[total];
        Span<int> next = stackalloc int[PlatformCount];
        for (int p = 0; p < _persons; p++)
        {
            int k = _slotStart[p];
            for (int pl = 0; pl < PlatformCount; pl++)
            {
                if ((_mask[p] & (1 << pl)) != 0)
                {
                    int slot = _platformSlotOffset[pl] + numbers[pl][next[pl]++];
                    _slots[k++] = slot;
                    _personOfSlot[slot] = p;
                }
            }
        }

        for (int b = 0; b < _bots; b++)
        {
            int pl = _botPlatform[b];
            int slot = _platformSlotOffset[pl] + numbers[pl][next[pl]++];
            _botSlots[b] = slot;
            _personOfSlot[slot] = -1;
        }
    }

    private string AccountIdOf(int platform, int slot) =>
        SyntheticPii.PaddedId(AccountPrefixes[platform], slot - _platformSlotOffset[platform], _accountWidth[platform]);

    private void GeneratePerson(int p, Chunk chunk)
    {
        RowBuffer rows = chunk.Rows;
        int cleanStart = rows.Count;
        Simulate(p, PersonStream(p, PersonEvents, chunk.Random), _start, _end, _trainingDayTable, _target[p], rows);
        RemoveRepeats(rows, cleanStart, _start, chunk);
        InjectDirtyRows(rows, cleanStart, rows.Count, PersonStream(p, PersonDirty, chunk.Random), chunk);

        if (_futureDayTable is not null)
        {
            DeterministicRandom r = PersonStream(p, PersonFuture, chunk.Random);
            int target = (int)Math.Round(_target[p] * (double)_futureDays / _days * (0.75 + (0.5 * r.NextDouble())));
            if (target > 0)
            {
                int futureStart = chunk.Future.Count;
                Simulate(p, r, _end, _futureEnd, _futureDayTable, target, chunk.Future);
                RemoveRepeats(chunk.Future, futureStart, _end, chunk);
            }
        }
    }

    private void BuildAccounts(int p, DeterministicRandom scratch, AccountRecord[] byPerson)
    {
        DeterministicRandom r = PersonStream(p, PersonAccounts, scratch);
        SyntheticPeopleData.City city = SyntheticPeopleData.Cities[_city[p]];
        string? plainEmail = null, plainName = null; // shared by the person's accounts that do not vary them
        string[] devices = _devices[p];
        int k = _slotStart[p];
        for (int pl = 0; pl < PlatformCount; pl++)
        {
            if ((_mask[p] & (1 << pl)) == 0)
            {
                continue;
            }

            int slot = _slots[k];
            double[] presence = s_presence[pl];
            string? email = r.Chance(presence[0]) ? AccountEmail(p, pl, r, ref plainEmail) : null;
            string? phone = r.Chance(presence[1]) ? SyntheticPii.FormatPhone(_phone[p], SyntheticPii.PhoneFormats[r.Choose(_phoneFormats[pl])]) : null;
            string? name = r.Chance(presence[2]) ? DisplayName(_first[p], _last[p], pl, r, ref plainName) : null;
            int? birthYear = r.Chance(presence[3]) ? _birth[p] : null;
            string? cityName = r.Chance(presence[4]) ? CityName(city, r) : null;
            IReadOnlyList<string> deviceIds = devices.Length > 0 && r.Chance(presence[5]) ? DeviceSubset(devices, r) : Array.Empty<string>();
            byPerson[k++] = new AccountRecord(PlatformOf(pl), AccountIdOf(pl, slot))
            {
                Email = email,
                Phone = phone,
                DisplayName = name,
                BirthYear = birthYear,
                City = cityName,
                DeviceIds = deviceIds,
            };
        }
    }

    private string AccountEmail(int p, int platform, DeterministicRandom r, ref string? plain)
    {
        if (r.Chance(0.08))
        {
            return _secondary[p]; // a completely different address
        }

        string local = _emailLocal[p], domain = Domain(p);
        if (domain == "gmail.com")
        {
            if (r.Chance(0.3))
            {
                // Gmail ignores dots: drop them all, or add one inside the local part.
                local = local.Contains('.', StringComparison.Ordinal) ? local.Replace(".", string.Empty, StringComparison.Ordinal) : InsertDot(local, r);
            }

            if (r.Chance(0.05))
            {
                domain = "googlemail.com";
            }
        }

        string tag = r.Chance(0.12) ? "+" + (r.Chance(0.5) ? PlatformTag(platform) : r.Pick<string>(SyntheticPeopleData.EmailTags)) : string.Empty;
        string email = ReferenceEquals(local, _emailLocal[p]) && domain == Domain(p) && tag.Length == 0
            ? plain ??= string.Concat(local, "@", domain)
            : string.Concat(local, tag, "@", domain);
        if (r.Chance(0.15))
        {
            email = r.Chance(0.3) ? SyntheticPii.ToUpper(email) : CapitaliseParts(email);
        }

        if (r.Chance(0.02))
        {
            email = r.Chance(0.5) ? " " + email : email + " ";
        }

        return email;
    }

    private static PlatformId PlatformOf(int platform) => platform switch { Shop => SyntheticWorld.Shop, Social => SyntheticWorld.Social, _ => SyntheticWorld.News };

    private static string PlatformTag(int platform) => platform switch { Shop => "shop", Social => "social", _ => "news" };

    private static string InsertDot(string local, DeterministicRandom r)
    {
        if (local.Length < 3)
        {
            return local;
        }

        int i = r.NextInt(1, local.Length - 1);
        return local.Insert(i, ".");
    }

    /// <summary>Capitalises every part of an address: <c>maria.garcia@gmail.com</c> to <c>Maria.Garcia@Gmail.com</c>.</summary>
    private static string CapitaliseParts(string email)
    {
        char[] chars = email.ToCharArray();
        bool start = true;
        for (int i = 0; i < chars.Length; i++)
        {
            char c = chars[i];
            if (start && c is >= 'a' and <= 'z')
            {
                chars[i] = (char)(c - 32);
            }

            start = c is '.' or '@' or '_' or '+';
        }

        return new string(chars);
    }

    private static string DisplayName(int firstIndex, int lastIndex, int platform, DeterministicRandom r, ref string? plain)
    {
        string first = SyntheticPeopleData.FirstNames[firstIndex];
        string last = SyntheticPeopleData.LastNames[lastIndex];
        if ((NameForms.FirstAccented[firstIndex] || NameForms.LastAccented[lastIndex]) && r.Chance(0.45))
        {
            bool german = r.Chance(0.25);
            first = german ? NameForms.FirstGerman[firstIndex] : NameForms.FirstFolded[firstIndex];
            last = german ? NameForms.LastGerman[lastIndex] : NameForms.LastFolded[lastIndex];
        }

        string name;
        if (r.Chance(s_shortNameChance[platform]))
        {
            name = r.NextInt(4) switch
            {
                0 when SyntheticPeopleData.ShortForms.TryGetValue(SyntheticPeopleData.FirstNames[firstIndex], out string[]? shortForms) => r.Pick<string>(shortForms) + " " + last,
                1 => string.Concat(first, " ", last.AsSpan(0, 1), "."),
                2 => string.Concat(first.AsSpan(0, 1), ". ", last),
                3 when platform != Shop => first,
                _ => Plain(first, last, firstIndex, lastIndex, ref plain),
            };
        }
        else
        {
            name = r.Chance(platform == Shop ? 0.06 : 0.02) ? last + ", " + first : Plain(first, last, firstIndex, lastIndex, ref plain);
        }

        if (r.Chance(0.07))
        {
            name = SyntheticPii.Typo(name, r);
        }

        if (r.Chance(0.05))
        {
            name = r.Chance(0.6) ? SyntheticPii.ToLower(name) : SyntheticPii.ToUpper(name);
        }

        if (r.Chance(0.05))
        {
            name = r.NextInt(3) switch
            {
                0 => name.Replace(" ", "  ", StringComparison.Ordinal),
                1 => name + " ",
                _ => " " + name,
            };
        }

        return name;
    }

    /// <summary>Returns <c>first last</c>, made once per person when both parts are as written (folding one makes a new string).</summary>
    private static string Plain(string first, string last, int firstIndex, int lastIndex, ref string? plain) =>
        ReferenceEquals(first, SyntheticPeopleData.FirstNames[firstIndex]) && ReferenceEquals(last, SyntheticPeopleData.LastNames[lastIndex])
            ? plain ??= first + " " + last
            : first + " " + last;

    private static string CityName(SyntheticPeopleData.City city, DeterministicRandom r)
    {
        string name = city.Aliases.Length > 0 && r.Chance(0.2) ? r.Pick<string>(city.Aliases) : city.Name;
        if (r.Chance(0.05))
        {
            name = r.Chance(0.6) ? SyntheticPii.ToLower(name) : name + " ";
        }

        return name;
    }

    /// <summary>Returns some of a person's devices (at least one), read-only: accounts share the strings, never the list.</summary>
    private static ReadOnlyCollection<string> DeviceSubset(string[] devices, DeterministicRandom r)
    {
        if (devices.Length == 1)
        {
            return Array.AsReadOnly(devices);
        }

        int mask = 0;
        for (int i = 0; i < devices.Length; i++)
        {
            if (r.Chance(0.6))
            {
                mask |= 1 << i;
            }
        }

        if (mask == 0)
        {
            mask = 1 << r.NextInt(devices.Length);
        }

        var subset = new string[BitOperations.PopCount((uint)mask)];
        for (int i = 0, k = 0; i < devices.Length; i++)
        {
            if ((mask & (1 << i)) != 0)
            {
                subset[k++] = devices[i];
            }
        }

        return Array.AsReadOnly(subset);
    }

    /// <summary>Simulates sessions of one person until <paramref name="target"/> events exist in the window.</summary>
    private void Simulate(int p, DeterministicRandom r, long windowStart, long windowEnd, CumulativeTable days, int target, RowBuffer rows)
    {
        Span<int> slotOf = stackalloc int[PlatformCount];
        Span<double> cumulative = stackalloc double[PlatformCount];
        double total = 0d;
        int k = _slotStart[p];
        for (int pl = 0; pl < PlatformCount; pl++)
        {
            bool owned = (_mask[p] & (1 << pl)) != 0;
            slotOf[pl] = owned ? _slots[k++] : -1;
            total += owned ? _prefs[(p * PlatformCount) + pl] : 0d;
            cumulative[pl] = total;
        }

        int remaining = target;
        for (int guard = 0; remaining > 0 && guard < (4 * target) + 16; guard++)
        {
            double u = r.NextDouble() * total;
            int pl = 0;
            while (pl < PlatformCount - 1 && (slotOf[pl] < 0 || cumulative[pl] <= u))
            {
                pl++;
            }

            while (slotOf[pl] < 0)
            {
                pl--;
            }

            long t = windowStart + (r.Choose(days) * SecondsPerDay) + (r.Choose(_hours) * 3_600L) + r.NextInt(3_600);
            int actions = s_sessionMin[pl] + r.NextInt(s_sessionSpan[pl]);
            for (int a = 0; a < actions && remaining > 0 && t < windowEnd; a++)
            {
                (int topic, bool inTaste) = PickTopic(p, r);
                int item = _rankItems[pl][topic][r.Choose(_zipf[pl][topic])];
                Funnel(pl, slotOf[pl], item, topic, inTaste, t, windowEnd, ref remaining, r, rows);
                t += 20 + r.NextInt(281);
            }
        }
    }

    private (int Topic, bool InTaste) PickTopic(int p, DeterministicRandom r)
    {
        if (r.Chance(_o.TasteNoise))
        {
            int t = r.Choose(_topicPopularity);
            return (t, _tastes[((long)p * _topicCount) + t] > 0f);
        }

        double u = r.NextDouble();
        int k = _tasteCount[p];
        double acc = 0d;
        for (int j = 0; j < k - 1; j++)
        {
            acc += _tasteWeights[(p * 4) + j];
            if (u < acc)
            {
                return (_tasteTopics[(p * 4) + j], true);
            }
        }

        return (_tasteTopics[(p * 4) + k - 1], true);
    }

    /// <summary>Emits what one person does with one item in a session: a view, and sometimes more.</summary>
    private void Funnel(int pl, int slot, int item, int topic, bool inTaste, long t, long end, ref int remaining, DeterministicRandom r, RowBuffer rows)
    {
        if (!Emit(rows, t, end, ref remaining, pl, slot, item, KindView))
        {
            return;
        }

        switch (pl)
        {
            case Shop:
                if (r.Chance(inTaste ? 0.14 : 0.04))
                {
                    long cart = t + 30 + r.NextInt(571);
                    if (Emit(rows, cart, end, ref remaining, pl, slot, item, KindAddToCart) && r.Chance(0.45))
                    {
                        long purchase = cart + 60 + r.NextInt(1_741);
                        if (Emit(rows, purchase, end, ref remaining, pl, slot, item, KindPurchase) && r.Chance(0.35))
                        {
                            long rated = purchase + ((1 + r.NextInt(14)) * SecondsPerDay) + r.NextInt(86_400);
                            int stars = 1 + r.Choose(inTaste ? _ratingInTaste : _ratingNoise);
                            if (Emit(rows, rated, end, ref remaining, pl, slot, item, KindRating, stars) && r.Chance(0.4))
                            {
                                int sentiment = stars >= 4 ? 2 : stars == 3 ? 1 : 0;
                                Emit(rows, rated + 5 + r.NextInt(116), end, ref remaining, pl, slot, item, KindComment, null, ReviewText(topic, sentiment, r.NextInt(PoolSize)));
                            }
                        }
                    }
                }

                break;

            case Social:
                if (r.Chance(inTaste ? 0.22 : 0.05))
                {
                    Emit(rows, t + 1 + r.NextInt(30), end, ref remaining, pl, slot, item, KindLike);
                }

                if (r.Chance(inTaste ? 0.04 : 0.01))
                {
                    Emit(rows, t + 5 + r.NextInt(116), end, ref remaining, pl, slot, item, KindShare);
                }

                if (r.Chance(inTaste ? 0.04 : 0.01))
                {
                    Emit(rows, t + 10 + r.NextInt(291), end, ref remaining, pl, slot, item, KindComment, null, CommentText(topic, r.NextInt(PoolSize)));
                }

                break;

            default:
                if (r.Chance(inTaste ? 0.35 : 0.1))
                {
                    long click = t + 2 + r.NextInt(59);
                    if (Emit(rows, click, end, ref remaining, pl, slot, item, KindClick) && r.Chance(0.9))
                    {
                        int seconds = inTaste ? 30 + r.NextInt(571) : 5 + r.NextInt(56);
                        Emit(rows, click + seconds, end, ref remaining, pl, slot, item, KindDwell, seconds);
                    }
                }

                break;
        }
    }

    private static bool Emit(RowBuffer rows, long t, long end, ref int remaining, int pl, int slot, int item, int kind, float? value = null, int text = -1)
    {
        if (remaining <= 0 || t >= end)
        {
            return false;
        }

        rows.Add(EventRow.Create(t, pl, slot, item, kind, value, text));
        remaining--;
        return true;
    }

    /// <summary>Drops clean rows that repeat (item, kind) of the same person within <see cref="MinRepeatGapSeconds"/> of a kept one.</summary>
    private static void RemoveRepeats(RowBuffer rows, int from, long windowStart, Chunk chunk)
    {
        int n = rows.Count - from;
        if (n < 2)
        {
            return;
        }

        chunk.EnsureScratch(n);
        ulong[] keys = chunk.Keys;
        int[] index = chunk.Index;
        bool[] drop = chunk.Drop;
        EventRow[] data = rows.Items;
        for (int i = 0; i < n; i++)
        {
            ref readonly EventRow row = ref data[from + i];
            keys[i] = ((ulong)row.Item << 37) | ((ulong)row.Kind << 32) | (ulong)(row.Seconds - windowStart);
            index[i] = i;
            drop[i] = false;
        }

        keys.AsSpan(0, n).Sort(index.AsSpan(0, n));

        // Equal keys: put their indices in increasing order, so the result does not depend on the sort algorithm.
        for (int i = 0; i < n;)
        {
            int j = i + 1;
            while (j < n && keys[j] == keys[i])
            {
                j++;
            }

            if (j - i > 1)
            {
                index.AsSpan(i, j - i).Sort();
            }

            i = j;
        }

        ulong lastGroup = ulong.MaxValue;
        long lastKept = 0;
        bool any = false;
        for (int i = 0; i < n; i++)
        {
            ulong group = keys[i] >> 32;
            long time = (long)(keys[i] & 0xFFFF_FFFFUL);
            if (group == lastGroup && time - lastKept < MinRepeatGapSeconds)
            {
                drop[index[i]] = true;
                any = true;
            }
            else
            {
                lastGroup = group;
                lastKept = time;
            }
        }

        if (!any)
        {
            return;
        }

        int write = from;
        for (int i = 0; i < n; i++)
        {
            if (!drop[i])
            {
                data[write++] = data[from + i];
            }
        }

        rows.Count = write;
    }

    /// <summary>Appends, after a person's clean rows, the dirty copies the rates call for; the clean rows are untouched.</summary>
    private void InjectDirtyRows(RowBuffer rows, int from, int to, DeterministicRandom r, Chunk chunk)
    {
        double c1 = _o.DuplicateRate;
        double c2 = c1 + _o.TimestampOutOfRangeRate;
        double c3 = c2 + _o.InvalidValueRate;
        double c4 = c3 + _o.UnknownKindRate;
        double c5 = c4 + _o.EmptyIdRate;
        double c6 = c5 + _o.OversizedTextRate;
        for (int i = from; i < to; i++)
        {
            double u = r.NextDouble();
            if (u >= c6)
            {
                continue;
            }

            EventRow row = rows.Items[i];
            long arrival = row.Seconds + r.NextInt(MaxDirtyDelaySeconds + 1);
            row.Seconds = arrival < _end ? arrival : row.Seconds;
            DirtyRowKind reason;
            if (u < c1)
            {
                reason = DirtyRowKind.Duplicate;
            }
            else if (u < c2)
            {
                reason = DirtyRowKind.TimestampOutOfRange;
                chunk.BadTimestamps.Add((rows.Count, BadTimestamp(r)));
            }
            else if (u < c3)
            {
                reason = DirtyRowKind.InvalidValue;
                row.SetValue(r.NextInt(4) switch
                {
                    0 => float.NaN,
                    1 => float.PositiveInfinity,
                    2 => float.NegativeInfinity,
                    _ => -(1 + r.NextInt(1_000)),
                });
            }
            else if (u < c4)
            {
                reason = DirtyRowKind.UnknownKind;
                row.SetKind(FirstUnknownKind + r.NextInt(UnknownKinds.Length));
            }
            else if (u < c5)
            {
                reason = DirtyRowKind.EmptyId;
                int code = -1 - r.NextInt(3);
                if (r.Chance(0.5))
                {
                    row.Account = code;
                }
                else
                {
                    row.Item = code;
                }
            }
            else
            {
                reason = DirtyRowKind.OversizedText;
                row.SetText(_oversizedBase + r.NextInt(OversizedCount));
            }

            row.SetReason(reason);
            rows.Add(row);
        }
    }

    private long BadTimestamp(DeterministicRandom r)
    {
        const long yearOne = -62_135_596_800L, lastSecond = 253_402_300_799L;
        return r.NextInt(20) switch
        {
            < 7 => 0L, // 1970-01-01T00:00:00Z: the classic zero
            < 11 => r.NextInt(365 * 86_400), // somewhere in 1970
            < 13 => yearOne,
            < 15 => lastSecond,
            // Years ahead: beyond the longest future window, so that the window's length moves nothing.
            _ => Math.Min(lastSecond, _end + ((3_651 + r.NextInt(30 * 365)) * SecondsPerDay) + r.NextInt(86_400)),
        };
    }

    private void BuildBotAccount(int b)
    {
        int pl = _botPlatform[b];
        int slot = _botSlots[b];
        DeterministicRandom a = BotStream(b, BotAccount);
        string[] words = SyntheticPeopleData.HandleWords;
        string name = a.Chance(0.5)
            ? words[a.NextInt(words.Length)] + "_" + words[a.NextInt(words.Length)] + SyntheticPii.Invariant(a.NextInt(10, 10_000))
            : a.Pick<string>(SyntheticPeopleData.FirstNames) + " " + a.Pick<string>(SyntheticPeopleData.LastNames);
        _accounts[slot] = new AccountRecord(PlatformOf(pl), AccountIdOf(pl, slot))
        {
            Email = _botEmail[b],
            DisplayName = name,
            BirthYear = a.Chance(0.3) ? 1950 + a.NextInt(59) : null,
            City = a.Chance(0.3) ? a.Pick<SyntheticPeopleData.City>(SyntheticPeopleData.Cities).Name : null,
            DeviceIds = a.Chance(0.7) ? Array.AsReadOnly([SyntheticPii.DeviceId(a, upper: a.Chance(0.5))]) : Array.Empty<string>(),
        };
    }

    private void GenerateBot(int b, Chunk chunk)
    {
        int pl = _botPlatform[b];
        int slot = _botSlots[b];
        DeterministicRandom r = BotStream(b, BotEvents);
        int n = _o.ItemsPerPlatform;
        int active = Math.Min(_days, 3 + r.NextInt(8));
        int startDay = r.NextInt(_days - active + 1);
        Span<int> promoted = stackalloc int[5];
        for (int i = 0; i < promoted.Length; i++)
        {
            promoted[i] = _itemOffset[pl] + r.NextInt(n);
        }

        for (int d = 0; d < active; d++)
        {
            int count = (int)Math.Round(_o.BotEventsPerDay * (0.8 + (0.4 * r.NextDouble())));
            long dayStart = _start + ((startDay + d) * SecondsPerDay);
            for (int e = 0; e < count; e++)
            {
                long t = dayStart + r.NextInt(86_400);
                int item = r.Chance(0.5) ? promoted[r.NextInt(promoted.Length)] : _itemOffset[pl] + r.NextInt(n);
                int kind, text = -1;
                double u = r.NextDouble();
                switch (pl)
                {
                    case Shop:
                        kind = u < 0.85 ? KindView : KindAddToCart;
                        break;
                    case Social:
                        kind = u < 0.5 ? KindView : u < 0.85 ? KindLike : u < 0.95 ? KindShare : KindComment;
                        text = kind == KindComment ? _spamBase + r.NextInt(SyntheticText.SpamTexts.Length) : -1;
                        break;
                    default:
                        kind = u < 0.6 ? KindView : KindClick;
                        break;
                }

                chunk.Rows.Add(EventRow.Create(t, pl, slot, item, kind, null, text, DirtyRowKind.Bot));
            }
        }
    }

    /// <summary>
    /// Puts the rows of all chunks in arrival order, that is by (arrival second, generation order): a counting sort by
    /// arrival day that keeps generation order, then within each day a stable counting sort by second of the day (or,
    /// for a small day, a sort of the unique keys (second, position)). Both give the one order the keys define.
    /// </summary>
    private (EventRow[] Rows, DirtyRow[] Dirty) Order(Chunk[] chunks, bool future)
    {
        long windowStart = future ? _end : _start;
        int days = future ? _futureDays : _days;
        long total = 0;
        foreach (Chunk c in chunks)
        {
            total += (future ? c.Future : c.Rows).Count;
        }

        if (total == 0)
        {
            return ([], []);
        }

        var dayStart = new int[days + 1];
        foreach (Chunk c in chunks)
        {
            RowBuffer buffer = future ? c.Future : c.Rows;
            EventRow[] data = buffer.Items;
            for (int i = 0; i < buffer.Count; i++)
            {
                dayStart[((data[i].Seconds - windowStart) / SecondsPerDay) + 1]++;
            }
        }

        for (int d = 0; d < days; d++)
        {
            dayStart[d + 1] += dayStart[d];
        }

        var next = (int[])dayStart.Clone();
        var rows = new EventRow[total];
        var second = new int[total]; // arrival second of the day
        foreach (Chunk c in chunks)
        {
            RowBuffer buffer = future ? c.Future : c.Rows;
            EventRow[] data = buffer.Items;
            List<(int Local, long Seconds)> badList = c.BadTimestamps;
            int b = 0;
            for (int i = 0; i < buffer.Count; i++)
            {
                long relative = data[i].Seconds - windowStart;
                int d = (int)(relative / SecondsPerDay);
                int position = next[d]++;
                rows[position] = data[i];
                second[position] = (int)(relative - (d * SecondsPerDay));
                if (!future && b < badList.Count && badList[b].Local == i)
                {
                    // The row arrived at the second it was made (kept in 'second'); its timestamp is the corrupted one.
                    rows[position].Seconds = badList[b++].Seconds;
                }
            }

            buffer.Release();
        }

        Parallel.For(0, days, ParallelOptions(), () => new OrderScratch(), (d, _, scratch) =>
        {
            int from = dayStart[d], length = dayStart[d + 1] - from;
            if (length > 1)
            {
                SortDay(rows.AsSpan(from, length), second.AsSpan(from, length), scratch);
            }

            return scratch;
        }, _ => { });

        var dirty = new List<DirtyRow>();
        for (int i = 0; i < rows.Length; i++)
        {
            DirtyRowKind reason = rows[i].Reason;
            if (reason != DirtyRowKind.None)
            {
                dirty.Add(new DirtyRow(i, reason));
            }
        }

        return (rows, dirty.ToArray());
    }

    /// <summary>Sorts one day's rows by (second, position), stably.</summary>
    private static void SortDay(Span<EventRow> rows, ReadOnlySpan<int> second, OrderScratch scratch)
    {
        int n = rows.Length;
        if (scratch.Rows.Length < n)
        {
            scratch.Rows = new EventRow[Math.Max(n, scratch.Rows.Length * 2)];
            scratch.Keys = new ulong[scratch.Rows.Length];
        }

        Span<EventRow> sorted = scratch.Rows.AsSpan(0, n);
        if (n >= 8_192)
        {
            int[] start = scratch.SecondStart;
            Array.Clear(start);
            foreach (int s in second)
            {
                start[s + 1]++;
            }

            for (int s = 0; s < (int)SecondsPerDay; s++)
            {
                start[s + 1] += start[s];
            }

            for (int j = 0; j < n; j++)
            {
                sorted[start[second[j]]++] = rows[j];
            }
        }
        else
        {
            Span<ulong> keys = scratch.Keys.AsSpan(0, n);
            for (int j = 0; j < n; j++)
            {
                keys[j] = ((ulong)second[j] << 32) | (uint)j;
            }

            keys.Sort();
            for (int j = 0; j < n; j++)
            {
                sorted[j] = rows[(int)(uint)keys[j]];
            }
        }

        sorted.CopyTo(rows);
    }

    /// <summary>A thread's scratch space for <see cref="SortDay"/>.</summary>
    private sealed class OrderScratch
    {
        public EventRow[] Rows { get; set; } = [];

        public ulong[] Keys { get; set; } = [];

        public int[] SecondStart { get; } = new int[SecondsPerDay + 1];
    }

    /// <summary>The e-mail and folded forms of every name, computed once.</summary>
    private static class NameForms
    {
        public static readonly string[] FirstEmail = Array.ConvertAll(SyntheticPeopleData.FirstNames, SyntheticPii.EmailPart);
        public static readonly string[] LastEmail = Array.ConvertAll(SyntheticPeopleData.LastNames, SyntheticPii.EmailPart);
        public static readonly string[] FirstFolded = Array.ConvertAll(SyntheticPeopleData.FirstNames, SyntheticPii.Fold);
        public static readonly string[] LastFolded = Array.ConvertAll(SyntheticPeopleData.LastNames, SyntheticPii.Fold);
        public static readonly string[] FirstGerman = Array.ConvertAll(SyntheticPeopleData.FirstNames, SyntheticPii.FoldGerman);
        public static readonly string[] LastGerman = Array.ConvertAll(SyntheticPeopleData.LastNames, SyntheticPii.FoldGerman);
        public static readonly bool[] FirstAccented = Array.ConvertAll(SyntheticPeopleData.FirstNames, SyntheticPii.HasNonAscii);
        public static readonly bool[] LastAccented = Array.ConvertAll(SyntheticPeopleData.LastNames, SyntheticPii.HasNonAscii);
    }

    /// <summary>A growable array of rows.</summary>
    private sealed class RowBuffer
    {
        public EventRow[] Items = new EventRow[64];
        public int Count;

        public void EnsureCapacity(int capacity)
        {
            if (Items.Length < capacity)
            {
                Array.Resize(ref Items, capacity);
            }
        }

        public void Add(in EventRow row)
        {
            if (Count == Items.Length)
            {
                Array.Resize(ref Items, Items.Length * 2);
            }

            Items[Count++] = row;
        }

        public void Release()
        {
            Items = [];
            Count = 0;
        }
    }

    /// <summary>What one block of persons (or bots) produced, and its scratch space.</summary>
    private sealed class Chunk
    {
        public RowBuffer Rows { get; } = new();

        public RowBuffer Future { get; } = new();

        public List<(int Local, long Seconds)> BadTimestamps { get; } = [];

        public DeterministicRandom Random { get; } = new(0);

        public ulong[] Keys { get; private set; } = [];

        public int[] Index { get; private set; } = [];

        public bool[] Drop { get; private set; } = [];

        public void EnsureScratch(int n)
        {
            if (Keys.Length < n)
            {
                int size = Math.Max(n, Keys.Length * 2);
                Keys = new ulong[size];
                Index = new int[size];
                Drop = new bool[size];
            }
        }
    }
}
