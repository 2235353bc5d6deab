// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Profiles.Core;

/// <summary>Accounts for every row read from the sources: accepted, rejected (with a reason) or merged into a duplicate,
/// with counts by reason and up to <see cref="SampleLimit"/> samples of each.</summary>
/// <remarks>
/// <para>The invariant <c>Read == Accepted + Rejected + Merged</c> holds once ingestion has finished: readers record the
/// rows they cannot parse, <see cref="EventCleaner"/> records everything else.</para>
/// <para>This type is thread-safe: several readers may record into one report concurrently.</para>
/// </remarks>
public sealed class IngestionReport
{
    private static readonly int s_reasonCount = Enum.GetValues<RejectionReason>().Length;
    private readonly object _gate = new();
    private readonly long[] _counts = new long[s_reasonCount];
    private readonly List<IngestionSample>[] _samples = new List<IngestionSample>[s_reasonCount];
    private readonly List<AccountKey> _botAccounts = [];
    private long _read;
    private long _accepted;

    /// <summary>Initializes a new instance of the <see cref="IngestionReport"/> class.</summary>
    /// <param name="sampleLimit">How many samples to keep per reason.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="sampleLimit"/> is negative.</exception>
    public IngestionReport(int sampleLimit = 10)
    {
        SampleLimit = Throw.IfLessThan(sampleLimit, 0);
        for (int i = 0; i < _samples.Length; i++)
        {
            _samples[i] = [];
        }
    }

    /// <summary>Gets how many samples are kept per reason.</summary>
    public int SampleLimit { get; }

    /// <summary>Gets the number of rows read from all sources, parsable or not.</summary>
    public long Read
    {
        get
        {
            lock (_gate)
            {
                return _read;
            }
        }
    }

    /// <summary>Gets the number of rows accepted as events.</summary>
    public long Accepted
    {
        get
        {
            lock (_gate)
            {
                return _accepted;
            }
        }
    }

    /// <summary>Gets the number of rows rejected, for any reason other than <see cref="RejectionReason.Duplicate"/>.</summary>
    public long Rejected
    {
        get
        {
            lock (_gate)
            {
                return RejectedUnlocked();
            }
        }
    }

    /// <summary>Gets the number of rows merged into an earlier event as duplicates.</summary>
    public long Merged => Count(RejectionReason.Duplicate);

    /// <summary>Gets a value indicating whether every row read is accounted for: <c>Read == Accepted + Rejected + Merged</c>.</summary>
    public bool IsBalanced
    {
        get
        {
            lock (_gate)
            {
                long others = 0;
                foreach (long c in _counts)
                {
                    others += c;
                }

                return _read == _accepted + others;
            }
        }
    }

    /// <summary>Gets the accounts judged bot-like, in the order they were found.</summary>
    public IReadOnlyList<AccountKey> BotAccounts
    {
        get
        {
            lock (_gate)
            {
                return _botAccounts.ToArray();
            }
        }
    }

    /// <summary>Returns the number of rows not accepted for <paramref name="reason"/>.</summary>
    /// <param name="reason">The reason.</param>
    /// <returns>The count; merged duplicates for <see cref="RejectionReason.Duplicate"/>.</returns>
    public long Count(RejectionReason reason)
    {
        int index = ReasonIndex(reason);
        lock (_gate)
        {
            return _counts[index];
        }
    }

    /// <summary>Returns the kept samples for <paramref name="reason"/>, first seen first.</summary>
    /// <param name="reason">The reason.</param>
    /// <returns>At most <see cref="SampleLimit"/> samples.</returns>
    public IReadOnlyList<IngestionSample> Samples(RejectionReason reason)
    {
        int index = ReasonIndex(reason);
        lock (_gate)
        {
            return _samples[index].ToArray();
        }
    }

    /// <summary>Returns the counts by reason, omitting reasons that never occurred.</summary>
    /// <returns>A snapshot of the counts.</returns>
    public IReadOnlyDictionary<RejectionReason, long> CountsByReason()
    {
        var result = new Dictionary<RejectionReason, long>();
        lock (_gate)
        {
            for (int i = 0; i < _counts.Length; i++)
            {
                if (_counts[i] != 0)
                {
                    result[(RejectionReason)i] = _counts[i];
                }
            }
        }

        return result;
    }

    /// <summary>Records a row that a custom reader could not parse; it counts as read and rejected.</summary>
    /// <param name="lineNumber">The 1-based line the row started on, or <see langword="null"/>.</param>
    /// <param name="detail">What was wrong with it.</param>
    /// <exception cref="ArgumentNullException"><paramref name="detail"/> is <see langword="null"/>.</exception>
    public void RecordMalformed(long? lineNumber, string detail)
    {
        Throw.IfNull(detail);
        lock (_gate)
        {
            _read++;
            Add(new IngestionSample(RejectionReason.Malformed, lineNumber, detail, null));
        }
    }

    /// <summary>Returns a multi-line, human-readable summary: totals, then each reason with its count and samples.</summary>
    /// <returns>The summary.</returns>
    public override string ToString()
    {
        var text = new StringBuilder();
        CultureInfo c = CultureInfo.InvariantCulture;
        lock (_gate)
        {
            text.Append(c, $"read {_read:N0}, accepted {_accepted:N0}, rejected {RejectedUnlocked():N0}, merged {_counts[(int)RejectionReason.Duplicate]:N0}");
            for (int i = 0; i < _counts.Length; i++)
            {
                if (_counts[i] == 0)
                {
                    continue;
                }

                text.AppendLine().Append(c, $"  {(RejectionReason)i}: {_counts[i]:N0}");
                foreach (IngestionSample sample in _samples[i])
                {
                    text.AppendLine().Append(c, $"    {(sample.LineNumber is long line ? $"line {line}: " : string.Empty)}{sample.Detail}");
                }
            }
        }

        return text.ToString();
    }

    internal void AddRead(long count)
    {
        lock (_gate)
        {
            _read += count;
        }
    }

    internal void AddAccepted(long count)
    {
        lock (_gate)
        {
            _accepted += count;
        }
    }

    internal void AddBotAccount(AccountKey account)
    {
        lock (_gate)
        {
            _botAccounts.Add(account);
        }
    }

    internal void Record(RejectionReason reason, long? lineNumber, string detail, InteractionEvent? evt)
    {
        lock (_gate)
        {
            Add(new IngestionSample(reason, lineNumber, detail, evt));
        }
    }

    /// <summary>Counts a row without building its sample text unless a sample slot is free.</summary>
    internal void Record<TState>(RejectionReason reason, long? lineNumber, TState state, Func<TState, string> detail, InteractionEvent? evt)
    {
        lock (_gate)
        {
            int index = (int)reason;
            _counts[index]++;
            if (_samples[index].Count < SampleLimit)
            {
                _samples[index].Add(new IngestionSample(reason, lineNumber, detail(state), evt));
            }
        }
    }

    /// <summary>Counts <paramref name="count"/> rows for one cause with a single sample (for example all rows of one bot).</summary>
    internal void RecordMany(RejectionReason reason, long count, string detail, InteractionEvent? evt)
    {
        lock (_gate)
        {
            int index = (int)reason;
            _counts[index] += count;
            if (_samples[index].Count < SampleLimit)
            {
                _samples[index].Add(new IngestionSample(reason, null, detail, evt));
            }
        }
    }

    private void Add(IngestionSample sample)
    {
        int index = (int)sample.Reason;
        _counts[index]++;
        if (_samples[index].Count < SampleLimit)
        {
            _samples[index].Add(sample);
        }
    }

    private long RejectedUnlocked()
    {
        long total = 0;
        for (int i = 0; i < _counts.Length; i++)
        {
            total += i == (int)RejectionReason.Duplicate ? 0 : _counts[i];
        }

        return total;
    }

    private static int ReasonIndex(RejectionReason reason)
    {
        if ((uint)reason >= (uint)s_reasonCount)
        {
            Throw.OutOfRange(nameof(reason), reason, "is not a defined RejectionReason");
        }

        return (int)reason;
    }
}
