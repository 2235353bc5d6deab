// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Profiles.Core;

/// <summary>Validates, de-duplicates and de-bots a stream of events, accounting for every row in an
/// <see cref="IngestionReport"/>.</summary>
/// <remarks>
/// <para>Each row gets exactly one outcome, checked in this order: an empty platform, account or item id
/// (<see cref="RejectionReason.EmptyId"/>); an id that is too long or holds control characters, a lone surrogate, U+FEFF or
/// U+FFFD (<see cref="RejectionReason.InvalidId"/>); a platform missing from a non-empty
/// <see cref="EventCleanerOptions.Platforms"/> (<see cref="RejectionReason.UnknownPlatform"/>); an empty or unlisted kind
/// (<see cref="RejectionReason.UnknownKind"/>); a
/// timestamp out of range; a NaN, infinite or negative value, or a rating or dwell without one
/// (<see cref="RejectionReason.InvalidValue"/>); text that is too long; an account whose busiest UTC day is far above the
/// population's (<see cref="RejectionReason.BotLikeAccount"/>: all its valid rows); a repeat of the same platform,
/// account, item and kind within <see cref="EventCleanerOptions.DuplicateWindow"/> of the last kept one, merged into it
/// (<see cref="RejectionReason.Duplicate"/>). The rest is accepted.</para>
/// <para>Bot detection needs the whole population, so the cleaner reads its input to the end before it returns.</para>
/// <para>This type is thread-safe: <see cref="Clean"/> may be called concurrently.</para>
/// </remarks>
public sealed class EventCleaner
{
    private const double MadToSigma = 1.4826;
    /// <summary>Characters no id should hold: C0 and C1 controls (NUL, line breaks), a byte-order mark, and the replacement
    /// character a decoder leaves where the bytes were not UTF-8; plus the surrogates, which are fine only in pairs.</summary>
    private static readonly SearchValues<char> s_suspectIdChars = SearchValues.Create(BadIdChars());
    private static readonly DateTimeOffset s_dayZero = new(1970, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly EventCleanerOptions _options;
    private readonly EventKind[] _customKinds;
    private readonly HashSet<PlatformId>? _platforms;

    /// <summary>Initializes a new instance of the <see cref="EventCleaner"/> class.</summary>
    /// <param name="options">The options, cloned here; <see langword="null"/> for the defaults.</param>
    public EventCleaner(EventCleanerOptions? options = null)
    {
        _options = options?.Clone() ?? new EventCleanerOptions();
        if (_options.Platforms.Count > 0)
        {
            _platforms = [.. _options.Platforms];
        }

        var custom = new List<EventKind>();
        foreach (EventKind kind in _options.CustomKinds)
        {
            if (kind.Value is not null && !kind.IsWellKnown && !custom.Contains(kind))
            {
                custom.Add(kind);
            }
        }

        _customKinds = [.. custom];
    }

    /// <summary>Cleans <paramref name="events"/>.</summary>
    /// <param name="events">The events as read.</param>
    /// <param name="report">The report to add to, for example one a reader has recorded malformed rows into;
    /// <see langword="null"/> for a new one.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The accepted events, ordered by timestamp, and the report.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="events"/> is <see langword="null"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public CleanedEvents Clean(IEnumerable<InteractionEvent> events, IngestionReport? report = null,
        CancellationToken cancellationToken = default)
    {
        Throw.IfNull(events);
        report ??= new IngestionReport(_options.SampleLimit);
        if (events is InteractionEvent[] array)
        {
            return CleanCore(array, report, cancellationToken);
        }

        if (events is List<InteractionEvent> list)
        {
            return CleanCore(CollectionsMarshal.AsSpan(list), report, cancellationToken);
        }

        if (events is EventBatch batch)
        {
            return CleanCore(batch.AsSpan(), report, cancellationToken);
        }

        var rows = new List<InteractionEvent>(events is ICollection<InteractionEvent> c ? c.Count : 1024);
        int n = 0;
        foreach (InteractionEvent e in events)
        {
            if ((++n & 0xFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            rows.Add(e);
        }

        return CleanCore(CollectionsMarshal.AsSpan(rows), report, cancellationToken);
    }

    /// <summary>Cleans <paramref name="batch"/> in its own buffer: the accepted events are moved to the front of it and
    /// returned, so no second buffer of events is allocated.</summary>
    /// <param name="batch">The events as read, for example by <see cref="CsvEventReader.ReadAll(string, IngestionReport)"/>;
    /// taken over: it is empty afterwards.</param>
    /// <param name="report">The report to add to, usually the one the reader recorded malformed rows into;
    /// <see langword="null"/> for a new one.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The accepted events, ordered by timestamp, and the report; the same outcome as <see cref="Clean"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="batch"/> is <see langword="null"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; the batch is then
    /// left as it was.</exception>
    /// <remarks><para>When the events are in time order already (exported logs usually are), they are compacted where they
    /// lie (copied into a buffer of their own size when fewer than half the buffer is accepted); otherwise the accepted
    /// events are gathered into a new buffer in time order.</para></remarks>
    public CleanedEvents CleanInPlace(EventBatch batch, IngestionReport? report = null, CancellationToken cancellationToken = default)
    {
        Throw.IfNull(batch);
        cancellationToken.ThrowIfCancellationRequested();
        InteractionEvent[] events = batch.Take(out int count);
        try
        {
            return CleanCore(events.AsSpan(0, count), report ?? new IngestionReport(_options.SampleLimit), cancellationToken, events);
        }
        catch (OperationCanceledException)
        {
            // Only the row checks observe the token, and they leave the buffer and the report untouched.
            batch.Restore(events, count);
            throw;
        }
    }

    /// <summary>Reads <paramref name="events"/> to the end and cleans them.</summary>
    /// <param name="events">The events as read, for example from <see cref="CsvEventReader.ReadAsync"/>.</param>
    /// <param name="report">The report to add to, usually the one the reader recorded malformed rows into;
    /// <see langword="null"/> for a new one.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The accepted events, ordered by timestamp, and the report.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="events"/> is <see langword="null"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<CleanedEvents> CleanAsync(IAsyncEnumerable<InteractionEvent> events, IngestionReport? report = null,
        CancellationToken cancellationToken = default)
    {
        Throw.IfNull(events);
        var rows = new List<InteractionEvent>(1024);
        await foreach (InteractionEvent e in events.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(e);
        }

        return CleanCore(CollectionsMarshal.AsSpan(rows), report ?? new IngestionReport(_options.SampleLimit), cancellationToken);
    }

    private CleanedEvents CleanCore(ReadOnlySpan<InteractionEvent> events, IngestionReport report, CancellationToken cancellationToken,
        InteractionEvent[]? buffer = null)
    {
        int n = events.Length;

        // 1. Row checks. account[i] is the account's dense index, or -1 once the row has an outcome. Nothing is
        // recorded before the checks are done, so a cancellation leaves the report as it was.
        var accounts = new KeyIndex();
        int[] account = new int[n];
        short[] kinds = new short[n];
        DateTimeOffset now = _options.TimeProvider.GetUtcNow();
        DateTimeOffset maxTimestamp = _options.MaxFutureSkew >= DateTimeOffset.MaxValue - now ? DateTimeOffset.MaxValue : now + _options.MaxFutureSkew;
        int valid = 0;
        bool sorted = true;
        long lastTicks = long.MinValue;
        for (int i = 0; i < n; i++)
        {
            if ((i & 0xFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            ref readonly InteractionEvent e = ref events[i];
            int kind = KindIndex(e.Kind);
            if (Check(in e, kind, maxTimestamp, describe: false, out _) is not null)
            {
                account[i] = -1;
                continue;
            }

            kinds[i] = (short)kind;
            account[i] = accounts.IndexOf(e.Platform, e.Account.Value);
            long ticks = e.Timestamp.UtcTicks;
            sorted &= lastTicks <= ticks;
            lastTicks = ticks;
            valid++;
        }

        report.AddRead(n);
        if (valid < n)
        {
            RecordInvalid(events, account, maxTimestamp, report);
        }

        // 2. Time order (stable) of the valid rows; exported logs are usually in order already, and then the rows are
        // walked as they lie, without an order array.
        int[]? order = null;
        if (!sorted)
        {
            var keys = new OrderKey[valid];
            for (int i = 0, k = 0; i < n; i++)
            {
                if (account[i] >= 0)
                {
                    keys[k++] = new OrderKey(events[i].Timestamp.UtcTicks, i);
                }
            }

            Array.Sort(keys);
            order = new int[valid];
            for (int k = 0; k < valid; k++)
            {
                order[k] = keys[k].Index;
            }
        }

        // 3. Bots: an account whose busiest UTC day is far above the population's (one pass in time order).
        if (_options.DetectBots && accounts.Count > 0)
        {
            RejectBots(events, order, account, accounts.Count, report);
        }

        // 4. Duplicates within the window of the last kept occurrence. Only keys kept within the window can match, so
        // the dictionary holds a sliding window of keys, not every key ever seen. In time order the accepted events can
        // be compacted into the input buffer itself: the k-th accepted row is never after the row it comes from.
        var recent = new Dictionary<DuplicateKey, long>();
        var expiry = new Queue<(DuplicateKey Key, long Ticks)>();
        long window = _options.DuplicateWindow.Ticks;
        InteractionEvent[] accepted = order is null && buffer is not null ? buffer : new InteractionEvent[valid];
        int acceptedCount = 0;
        int steps = order is null ? n : order.Length;
        for (int k = 0; k < steps; k++)
        {
            int i = order is null ? k : order[k];
            if (account[i] < 0)
            {
                continue;
            }

            ref readonly InteractionEvent e = ref events[i];
            long ticks = e.Timestamp.UtcTicks;
            while (expiry.Count > 0 && expiry.Peek().Ticks < ticks - window)
            {
                (DuplicateKey old, long oldTicks) = expiry.Dequeue();
                if (recent.TryGetValue(old, out long current) && current == oldTicks)
                {
                    recent.Remove(old);
                }
            }

            var key = new DuplicateKey(account[i], e.Item.Value, kinds[i]);
            ref long kept = ref CollectionsMarshal.GetValueRefOrAddDefault(recent, key, out bool seen);
            if (seen && ticks - kept <= window)
            {
                report.Record(RejectionReason.Duplicate, null, (ticks - kept, e), static s => string.Create(CultureInfo.InvariantCulture,
                    $"{s.e.Platform}/{s.e.Account} {s.e.Kind} {s.e.Item} repeated {TimeSpan.FromTicks(s.Item1).TotalSeconds:0.###} s after the kept event"), e);
                continue;
            }

            kept = ticks;
            expiry.Enqueue((key, ticks));
            accepted[acceptedCount++] = e;
        }

        if (ReferenceEquals(accepted, buffer))
        {
            if (acceptedCount < buffer.Length / 2)
            {
                // Mostly rejected: keep a buffer of the accepted events' size rather than the input's.
                accepted = buffer.AsSpan(0, acceptedCount).ToArray();
            }
            else
            {
                // The rows left behind the compacted ones would keep their strings alive.
                Array.Clear(buffer, acceptedCount, n - acceptedCount);
            }
        }

        report.AddAccepted(acceptedCount);
        return new CleanedEvents(accepted, acceptedCount, report);
    }

    /// <summary>Records each row that failed its checks, with its reason; the detail text is built only for the rows
    /// the report keeps as samples.</summary>
    private void RecordInvalid(ReadOnlySpan<InteractionEvent> events, int[] account, DateTimeOffset maxTimestamp, IngestionReport report)
    {
        for (int i = 0; i < events.Length; i++)
        {
            if (account[i] >= 0)
            {
                continue;
            }

            ref readonly InteractionEvent e = ref events[i];
            int kind = KindIndex(e.Kind);
            RejectionReason reason = Check(in e, kind, maxTimestamp, describe: false, out _)!.Value;
            report.Record(reason, null, (Cleaner: this, Event: e, Kind: kind, Max: maxTimestamp), static s =>
            {
                s.Cleaner.Check(in s.Event, s.Kind, s.Max, describe: true, out string? detail);
                return detail!;
            }, e);
        }
    }

    private RejectionReason? Check(in InteractionEvent e, int kind, DateTimeOffset maxTimestamp, bool describe, out string? detail)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        detail = null;
        if (e.Platform.IsEmpty || e.Account.IsEmpty || e.Item.IsEmpty)
        {
            string which = e.Platform.IsEmpty ? "platform" : e.Account.IsEmpty ? "account" : "item";
            detail = describe ? $"{which} id is empty" : null;
            return RejectionReason.EmptyId;
        }

        string? problem = IdProblem(e.Platform.Value, describe);
        string idName = "platform";
        if (problem is null)
        {
            problem = IdProblem(e.Account.Value, describe);
            idName = "account";
        }

        if (problem is null)
        {
            problem = IdProblem(e.Item.Value, describe);
            idName = "item";
        }

        if (problem is not null)
        {
            detail = describe ? $"{idName} id {problem}" : null;
            return RejectionReason.InvalidId;
        }

        if (_platforms is not null && !_platforms.Contains(e.Platform))
        {
            detail = !describe ? null : $"platform '{e.Platform}' is not listed in Platforms";
            return RejectionReason.UnknownPlatform;
        }

        if (e.Kind.Value is null)
        {
            detail = describe ? "kind is empty" : null;
            return RejectionReason.UnknownKind;
        }

        if (kind < 0)
        {
            detail = describe ? $"kind '{e.Kind}' is neither well-known nor listed in CustomKinds" : null;
            return RejectionReason.UnknownKind;
        }

        if (e.Timestamp < _options.MinTimestamp || e.Timestamp > maxTimestamp)
        {
            detail = describe ? string.Create(c, $"timestamp {e.Timestamp:O} is outside [{_options.MinTimestamp:O}, {maxTimestamp:O}]") : null;
            return RejectionReason.TimestampOutOfRange;
        }

        if (e.Value is float value)
        {
            if (!float.IsFinite(value) || value < 0f)
            {
                detail = describe ? string.Create(c, $"value {value} is not a finite, non-negative number") : null;
                return RejectionReason.InvalidValue;
            }
        }
        else if (kind == RatingIndex || kind == DwellIndex)
        {
            detail = describe ? $"a {e.Kind} event needs a value" : null;
            return RejectionReason.InvalidValue;
        }

        if (e.Text is { Length: int length } && length > _options.MaxTextLength)
        {
            detail = describe ? string.Create(c, $"text has {length:N0} characters, more than {_options.MaxTextLength:N0}") : null;
            return RejectionReason.TextTooLong;
        }

        detail = null;
        return null;
    }

    /// <summary>Returns what is wrong with an id (an empty string unless <paramref name="describe"/>), or
    /// <see langword="null"/> when it is acceptable.</summary>
    private string? IdProblem(string id, bool describe)
    {
        if (id.Length > _options.MaxIdLength)
        {
            return !describe ? string.Empty : string.Create(CultureInfo.InvariantCulture, $"has {id.Length:N0} characters, more than {_options.MaxIdLength:N0}");
        }

        // One vectorised scan per id finds both the forbidden characters and any surrogate; only a surrogate (rare in
        // ids, an emoji) needs a closer look, to tell a pair from a lone half.
        ReadOnlySpan<char> rest = id;
        int offset = 0;
        while (true)
        {
            int found = rest.IndexOfAny(s_suspectIdChars);
            if (found < 0)
            {
                return null;
            }

            int at = offset + found;
            char c = id[at];
            if (!char.IsSurrogate(c))
            {
                return !describe ? string.Empty : string.Create(CultureInfo.InvariantCulture, $"holds U+{(int)c:X4} at {at}");
            }

            if (!char.IsHighSurrogate(c) || at + 1 >= id.Length || !char.IsLowSurrogate(id[at + 1]))
            {
                return !describe ? string.Empty : string.Create(CultureInfo.InvariantCulture, $"holds a lone surrogate U+{(int)c:X4} at {at}");
            }

            offset = at + 2;
            rest = id.AsSpan(offset);
        }
    }

    /// <summary>Rejects the bot-like accounts; <paramref name="order"/> is the valid rows in time order, or
    /// <see langword="null"/> when the rows are in time order as they lie.</summary>
    private void RejectBots(ReadOnlySpan<InteractionEvent> events, int[]? order, int[] account, int accounts, IngestionReport report)
    {
        // In time order each account's days come in runs: count the run, keep the busiest day.
        int n = events.Length;
        long[] lastDay = new long[accounts];
        int[] today = new int[accounts];
        int[] peak = new int[accounts];
        long[] peakDay = new long[accounts];
        Array.Fill(lastDay, long.MinValue);
        long epoch = s_dayZero.UtcTicks;
        int steps = order is null ? n : order.Length;
        for (int k = 0; k < steps; k++)
        {
            int i = order is null ? k : order[k];
            int a = account[i];
            if (a < 0)
            {
                continue;
            }

            long day = Math.DivRem(events[i].Timestamp.UtcTicks - epoch, TimeSpan.TicksPerDay, out long remainder) - (remainder < 0 ? 1 : 0);
            if (day != lastDay[a])
            {
                lastDay[a] = day;
                today[a] = 0;
            }

            if (++today[a] > peak[a])
            {
                peak[a] = today[a];
                peakDay[a] = day;
            }
        }

        int[] sorted = (int[])peak.Clone();
        Array.Sort(sorted);
        double median = Median(sorted);
        double[] deviations = new double[accounts];
        for (int a = 0; a < accounts; a++)
        {
            deviations[a] = Math.Abs(sorted[a] - median);
        }

        Array.Sort(deviations);
        double mad = Median(deviations);
        double threshold = Math.Max(_options.BotMinEventsPerDay, median + (_options.BotMadMultiplier * MadToSigma * mad));

        bool[] bot = new bool[accounts];
        bool any = false;
        for (int a = 0; a < accounts; a++)
        {
            bot[a] = peak[a] > threshold;
            any |= bot[a];
        }

        if (!any)
        {
            return;
        }

        var keysByIndex = new AccountKey[accounts];
        for (int i = 0; i < n; i++)
        {
            if (account[i] >= 0 && bot[account[i]])
            {
                keysByIndex[account[i]] = new AccountKey(events[i].Platform, events[i].Account);
            }
        }

        for (int a = 0; a < accounts; a++)
        {
            if (bot[a])
            {
                report.AddBotAccount(keysByIndex[a]);
            }
        }

        // One sample per bot account, with the count of all its rows.
        long[] rows = new long[accounts];
        int[] firstRow = new int[accounts];
        for (int i = n - 1; i >= 0; i--)
        {
            int a = account[i];
            if (a >= 0 && bot[a])
            {
                rows[a]++;
                firstRow[a] = i;
                account[i] = -1;
            }
        }

        for (int a = 0; a < accounts; a++)
        {
            if (bot[a])
            {
                report.RecordMany(RejectionReason.BotLikeAccount, rows[a], string.Create(CultureInfo.InvariantCulture,
                    $"account {keysByIndex[a]}: {rows[a]:N0} rows rejected; it had {peak[a]:N0} events on {s_dayZero.AddDays(peakDay[a]):yyyy-MM-dd}, the threshold is {threshold:0.#} a day"),
                    events[firstRow[a]]);
            }
        }
    }

    private static string BadIdChars()
    {
        var chars = new StringBuilder();
        for (char c = '\0'; c <= '\u009F'; c++)
        {
            if (char.IsControl(c))
            {
                chars.Append(c);
            }
        }

        for (char c = '\uD800'; c <= '\uDFFF'; c++)
        {
            chars.Append(c);
        }

        return chars.Append('\uFEFF').Append('\uFFFD').ToString();
    }

    private static double Median<T>(T[] sorted)
        where T : IConvertible
    {
        int m = sorted.Length / 2;
        double upper = sorted[m].ToDouble(CultureInfo.InvariantCulture);
        return (sorted.Length & 1) == 1 ? upper : (sorted[m - 1].ToDouble(CultureInfo.InvariantCulture) + upper) / 2d;
    }

    private int KindIndex(EventKind kind)
    {
        if (kind.Value is null)
        {
            return -1;
        }

        // Readers hand out the well-known instances, so a reference check usually settles it.
        ReadOnlySpan<EventKind> wellKnown = EventKind.WellKnown;
        for (int i = 0; i < wellKnown.Length; i++)
        {
            if (ReferenceEquals(kind.Value, wellKnown[i].Value))
            {
                return i;
            }
        }

        for (int i = 0; i < wellKnown.Length; i++)
        {
            if (kind == wellKnown[i])
            {
                return i;
            }
        }

        for (int i = 0; i < _customKinds.Length; i++)
        {
            if (kind == _customKinds[i])
            {
                return wellKnown.Length + i;
            }
        }

        return -1;
    }

    private static readonly int RatingIndex = IndexOfWellKnown(EventKind.Rating);
    private static readonly int DwellIndex = IndexOfWellKnown(EventKind.Dwell);

    private static int IndexOfWellKnown(EventKind kind) => EventKind.WellKnown.IndexOf(kind);

    /// <summary>The account index implies the platform, and an event's item is on its platform, so the item's id string
    /// is enough.</summary>
    private readonly record struct DuplicateKey(int Account, string Item, short Kind);

    /// <summary>Dense indices for (platform, id) pairs: one string-keyed dictionary per platform, so lookups use the
    /// fast ordinal string hash, and the platform's dictionary is found by reference most of the time.</summary>
    private sealed class KeyIndex
    {
        private readonly Dictionary<PlatformId, Dictionary<string, int>> _byPlatform = [];
        private readonly string?[] _recentNames = new string?[8];
        private readonly Dictionary<string, int>?[] _recent = new Dictionary<string, int>?[8];

        public int Count { get; private set; }

        public int IndexOf(PlatformId platform, string id)
        {
            // Readers pool platform strings, so a reference check over the few platforms usually finds the dictionary.
            Dictionary<string, int>? ids = null;
            for (int r = 0; r < _recentNames.Length; r++)
            {
                if (ReferenceEquals(_recentNames[r], platform.Value))
                {
                    ids = _recent[r];
                    break;
                }
            }

            if (ids is null)
            {
                if (!_byPlatform.TryGetValue(platform, out ids))
                {
                    ids = new Dictionary<string, int>(StringComparer.Ordinal);
                    _byPlatform.Add(platform, ids);
                }

                int recent = _byPlatform.Count <= _recentNames.Length ? _byPlatform.Count - 1 : (int)((uint)platform.Value.GetHashCode() % (uint)_recentNames.Length);
                _recentNames[recent] = platform.Value;
                _recent[recent] = ids;
            }

            ref int slot = ref CollectionsMarshal.GetValueRefOrAddDefault(ids, id, out bool exists);
            if (!exists)
            {
                slot = Count++;
            }

            return slot;
        }
    }

    private readonly record struct OrderKey(long Ticks, int Index) : IComparable<OrderKey>
    {
        public int CompareTo(OrderKey other) => Ticks != other.Ticks ? Ticks.CompareTo(other.Ticks) : Index.CompareTo(other.Index);
    }
}
