// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace Profiles.Core;

/// <summary>Turns a model's answer into a <see cref="ProfileInsight"/> that can be trusted: tags outside the vocabulary
/// (or repeated) dropped, evidence ids outside the person's history dropped, weights and confidence clamped into [0, 1],
/// the summary cut to the word limit; every correction counted.</summary>
internal sealed class InsightValidator
{
    private readonly Dictionary<string, string> _vocabulary;
    private readonly int _summaryMaxWords;
    private readonly int _maxInterests;
    private readonly int _maxEvidence;

    public InsightValidator(IReadOnlyList<string> vocabulary, int summaryMaxWords, int maxInterests, int maxEvidence)
    {
        _vocabulary = new Dictionary<string, string>(vocabulary.Count, StringComparer.OrdinalIgnoreCase);
        foreach (string tag in vocabulary)
        {
            _ = _vocabulary.TryAdd(tag.Trim(), tag);
        }

        _summaryMaxWords = summaryMaxWords;
        _maxInterests = maxInterests;
        _maxEvidence = maxEvidence;
    }

    public ValidatedInsight Validate(InsightAnswer answer, HashSet<ItemKey> history, string source)
    {
        int droppedTags = 0, droppedEvidence = 0, clamped = 0;
        var interests = new List<(InsightInterest Interest, int Order)>();
        var seenTags = new HashSet<string>(StringComparer.Ordinal);
        List<InsightAnswerInterest> given = answer.Interests ?? [];
        for (int i = 0; i < given.Count; i++)
        {
            InsightAnswerInterest? candidate = given[i];
            if (candidate?.Tag is not { } rawTag || !_vocabulary.TryGetValue(rawTag.Trim(), out string? tag) || !seenTags.Add(tag))
            {
                droppedTags++;
                continue;
            }

            float weight = Clamp(candidate.Weight, ref clamped);
            var evidence = new List<ItemKey>();
            foreach (string? id in candidate.Evidence ?? [])
            {
                if (TryParseKey(id, out ItemKey key) && history.Contains(key) && !evidence.Contains(key))
                {
                    if (evidence.Count < _maxEvidence)
                    {
                        evidence.Add(key);
                    }
                }
                else
                {
                    droppedEvidence++;
                }
            }

            interests.Add((new InsightInterest(tag, weight) { Evidence = evidence.ToArray() }, i));
        }

        // Strongest first; the model's order breaks ties.
        interests.Sort(static (a, b) =>
        {
            int c = b.Interest.Weight.CompareTo(a.Interest.Weight);
            return c != 0 ? c : a.Order.CompareTo(b.Order);
        });
        int count = Math.Min(interests.Count, _maxInterests);
        var ordered = new InsightInterest[count];
        for (int i = 0; i < count; i++)
        {
            ordered[i] = interests[i].Interest;
        }

        string summary = CutWords(answer.Summary, _summaryMaxWords, out bool truncated);
        float confidence = Clamp(answer.Confidence, ref clamped);
        ProfileInsight? insight = summary.Length == 0 && count == 0 ? null : new ProfileInsight(summary, ordered, confidence) { Source = source };
        return new ValidatedInsight(insight, droppedTags, droppedEvidence, clamped, truncated);
    }

    /// <summary>The most characters of one summary word; longer runs without white space (a base64 blob, a 100 KB token)
    /// are cut, so that the word limit also bounds the summary's length.</summary>
    public const int MaxWordLength = 40;

    /// <summary>Turns control characters into spaces, collapses white space and keeps at most <paramref name="maxWords"/>
    /// words of at most <see cref="MaxWordLength"/> characters each.</summary>
    public static string CutWords(string? text, int maxWords, out bool truncated)
    {
        truncated = false;
        if (string.IsNullOrWhiteSpace(text))
        {
            return string.Empty;
        }

        var builder = new System.Text.StringBuilder(Math.Min(text.Length, maxWords * (MaxWordLength + 1)));
        int words = 0, wordLength = 0;
        bool inWord = false;
        foreach (char c in text)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                inWord = false;
                continue;
            }

            if (!inWord)
            {
                if (words == maxWords)
                {
                    truncated = true;
                    break;
                }

                if (words > 0)
                {
                    builder.Append(' ');
                }

                words++;
                wordLength = 0;
                inWord = true;
            }

            if (wordLength == MaxWordLength)
            {
                truncated = true;
                continue;
            }

            // Keep a surrogate pair whole: cut before a high surrogate that would be the last kept character.
            if (wordLength == MaxWordLength - 1 && char.IsHighSurrogate(c))
            {
                wordLength = MaxWordLength;
                truncated = true;
                continue;
            }

            builder.Append(c);
            wordLength++;
        }

        return builder.ToString();
    }

    private static bool TryParseKey(string? id, out ItemKey key)
    {
        key = default;
        if (string.IsNullOrWhiteSpace(id))
        {
            return false;
        }

        int slash = id.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == id.Length - 1)
        {
            return false;
        }

        key = new ItemKey(id[..slash].Trim(), id[(slash + 1)..].Trim());
        return true;
    }

    private static float Clamp(double? value, ref int clamped)
    {
        if (value is not { } v || double.IsNaN(v))
        {
            clamped++;
            return 0f;
        }

        if (v < 0 || v > 1)
        {
            clamped++;
            return v < 0 ? 0f : 1f;
        }

        return (float)v;
    }
}

/// <summary>A validated answer: the insight (<see langword="null"/> when nothing survived) and the corrections made.</summary>
internal readonly record struct ValidatedInsight(ProfileInsight? Insight, int DroppedTags, int DroppedEvidence, int ClampedValues, bool SummaryTruncated);
