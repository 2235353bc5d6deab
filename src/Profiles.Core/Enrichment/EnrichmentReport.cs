// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Globalization;
using System.Text;

namespace Profiles.Core;

/// <summary>Accounts for every enrichment of a run: how many were enriched, served from the cache or fell back (by
/// reason), what they cost in calls and tokens, and what validation and redaction corrected.</summary>
/// <remarks>
/// <para>The invariants <c>Total == Enriched + FromCache + Fallback</c> and <c>Fallback == sum of FallbacksBy(reason)</c>
/// hold at every moment.</para>
/// <para>This type is thread-safe: concurrent calls may record into one report.</para>
/// </remarks>
public sealed class EnrichmentReport
{
    private static readonly int s_reasonCount = Enum.GetValues<EnrichmentFallbackReason>().Length;
    private readonly object _gate = new();
    private readonly int[] _fallbacks = new int[s_reasonCount];
    private int _enriched;
    private int _fromCache;
    private long _calls;
    private long _inputTokens;
    private long _outputTokens;
    private long _droppedEvents;
    private long _redactedSpans;
    private long _droppedTags;
    private long _droppedEvidence;
    private long _clampedValues;
    private int _truncatedSummaries;
    private TimeSpan _elapsed;

    /// <summary>Gets the number of results recorded.</summary>
    public int Total
    {
        get
        {
            lock (_gate)
            {
                return _enriched + _fromCache + FallbackUnlocked();
            }
        }
    }

    /// <summary>Gets the number of fresh insights.</summary>
    public int Enriched => Read(ref _enriched);

    /// <summary>Gets the number of insights served from the cache.</summary>
    public int FromCache => Read(ref _fromCache);

    /// <summary>Gets the number of fallbacks, for any reason.</summary>
    public int Fallback
    {
        get
        {
            lock (_gate)
            {
                return FallbackUnlocked();
            }
        }
    }

    /// <summary>Gets the number of model requests sent, retries included.</summary>
    public long Calls => Read(ref _calls);

    /// <summary>Gets the input tokens spent.</summary>
    public long InputTokens => Read(ref _inputTokens);

    /// <summary>Gets the output tokens spent.</summary>
    public long OutputTokens => Read(ref _outputTokens);

    /// <summary>Gets the number of events dropped as outside the training window or of another person.</summary>
    public long DroppedEvents => Read(ref _droppedEvents);

    /// <summary>Gets the number of personal-data spans redacted from prompts.</summary>
    public long RedactedSpans => Read(ref _redactedSpans);

    /// <summary>Gets the number of answer tags dropped as outside the vocabulary or repeated.</summary>
    public long DroppedTags => Read(ref _droppedTags);

    /// <summary>Gets the number of answer evidence ids dropped as not in the person's history.</summary>
    public long DroppedEvidence => Read(ref _droppedEvidence);

    /// <summary>Gets the number of answer weights and confidences clamped into [0, 1].</summary>
    public long ClampedValues => Read(ref _clampedValues);

    /// <summary>Gets the number of answer summaries cut to the word limit.</summary>
    public int TruncatedSummaries => Read(ref _truncatedSummaries);

    /// <summary>Gets or sets the wall-clock time of the run, as measured by the batch's time provider.</summary>
    public TimeSpan Elapsed
    {
        get
        {
            lock (_gate)
            {
                return _elapsed;
            }
        }

        set
        {
            lock (_gate)
            {
                _elapsed = value;
            }
        }
    }

    /// <summary>Returns the number of fallbacks for <paramref name="reason"/>.</summary>
    /// <param name="reason">The reason.</param>
    /// <returns>The count; 0 for <see cref="EnrichmentFallbackReason.None"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="reason"/> is not a defined reason.</exception>
    public int FallbacksBy(EnrichmentFallbackReason reason)
    {
        int index = ReasonIndex(reason);
        lock (_gate)
        {
            return _fallbacks[index];
        }
    }

    /// <summary>Adds <paramref name="result"/> to the counts.</summary>
    /// <param name="result">The result.</param>
    /// <exception cref="ArgumentNullException"><paramref name="result"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A fallback without a reason, or a reason without a fallback.</exception>
    public void Record(EnrichmentResult result)
    {
        Throw.IfNull(result);
        bool isFallback = result.Outcome == EnrichmentOutcome.Fallback;
        if (isFallback == (result.FallbackReason == EnrichmentFallbackReason.None))
        {
            Throw.Argument(nameof(result), $"A result with outcome {result.Outcome} cannot have fallback reason {result.FallbackReason}.");
        }

        int reason = ReasonIndex(result.FallbackReason);
        lock (_gate)
        {
            switch (result.Outcome)
            {
                case EnrichmentOutcome.Enriched:
                    _enriched++;
                    break;
                case EnrichmentOutcome.FromCache:
                    _fromCache++;
                    break;
                default:
                    _fallbacks[reason]++;
                    break;
            }

            _calls += result.Calls;
            _inputTokens += result.InputTokens;
            _outputTokens += result.OutputTokens;
            _droppedEvents += result.DroppedEvents;
            _redactedSpans += result.RedactedSpans;
            _droppedTags += result.DroppedTags;
            _droppedEvidence += result.DroppedEvidence;
            _clampedValues += result.ClampedValues;
            _truncatedSummaries += result.SummaryTruncated ? 1 : 0;
        }
    }

    /// <summary>Returns the counts as one line per group.</summary>
    /// <returns>The report as text.</returns>
    public override string ToString()
    {
        var text = new StringBuilder();
        lock (_gate)
        {
            int fallback = FallbackUnlocked();
            text.Append(CultureInfo.InvariantCulture, $"enrichment: {_enriched + _fromCache + fallback} profiles, {_enriched} enriched, {_fromCache} from cache, {fallback} fallback");
            for (int i = 1; i < _fallbacks.Length; i++)
            {
                if (_fallbacks[i] > 0)
                {
                    text.Append(CultureInfo.InvariantCulture, $"; {(EnrichmentFallbackReason)i}: {_fallbacks[i]}");
                }
            }

            text.AppendLine();
            text.Append(CultureInfo.InvariantCulture, $"calls {_calls}, tokens {_inputTokens} in / {_outputTokens} out, {_elapsed.TotalSeconds:F2} s").AppendLine();
            text.Append(CultureInfo.InvariantCulture, $"validation: {_droppedTags} tags and {_droppedEvidence} evidence ids dropped, {_clampedValues} values clamped, {_truncatedSummaries} summaries cut; ");
            text.Append(CultureInfo.InvariantCulture, $"privacy: {_redactedSpans} spans redacted, {_droppedEvents} events outside the window dropped");
        }

        return text.ToString();
    }

    private static int ReasonIndex(EnrichmentFallbackReason reason)
    {
        int index = (int)reason;
        if ((uint)index >= (uint)s_reasonCount)
        {
            Throw.OutOfRange(nameof(reason), reason, "is not a defined reason");
        }

        return index;
    }

    private int FallbackUnlocked()
    {
        int total = 0;
        foreach (int count in _fallbacks)
        {
            total += count;
        }

        return total;
    }

    private int Read(ref int field)
    {
        lock (_gate)
        {
            return field;
        }
    }

    private long Read(ref long field)
    {
        lock (_gate)
        {
            return field;
        }
    }
}
