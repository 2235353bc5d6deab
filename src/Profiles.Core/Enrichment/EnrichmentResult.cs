// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

namespace Profiles.Core;

/// <summary>The outcome of one enrichment: the profile (with its insight when there is one), how it ended, and what it
/// cost and corrected along the way.</summary>
/// <remarks><para>This type is immutable and thread-safe.</para></remarks>
/// <param name="Profile">The request's profile with <see cref="UserProfile.Insight"/> set to the new insight; unchanged
/// when the enricher fell back without a fallback insight.</param>
/// <param name="Outcome">How the enrichment ended.</param>
public sealed record EnrichmentResult(UserProfile Profile, EnrichmentOutcome Outcome)
{
    /// <summary>Gets the insight: the new one, or the fallback enricher's, or <see langword="null"/> when the profile stays
    /// behaviour-only.</summary>
    public ProfileInsight? Insight { get; init; }

    /// <summary>Gets why the enricher fell back; <see cref="EnrichmentFallbackReason.None"/> unless
    /// <see cref="Outcome"/> is <see cref="EnrichmentOutcome.Fallback"/>.</summary>
    public EnrichmentFallbackReason FallbackReason { get; init; }

    /// <summary>Gets a short description of the failure behind a fallback (an exception's type and message, never a
    /// prompt or an answer); <see langword="null"/> when none.</summary>
    public string? FallbackDetail { get; init; }

    /// <summary>Gets the number of model requests sent, retries included.</summary>
    public int Calls { get; init; }

    /// <summary>Gets the input tokens spent: the service's count when it reports usage, else the local count of the prompt.</summary>
    public long InputTokens { get; init; }

    /// <summary>Gets the output tokens spent: the service's count when it reports usage, else the local count of the answer.</summary>
    public long OutputTokens { get; init; }

    /// <summary>Gets the number of events dropped because they lay after the profile's training window or belonged to
    /// another person's account.</summary>
    public int DroppedEvents { get; init; }

    /// <summary>Gets the number of personal-data spans redacted from the texts of the prompt.</summary>
    public int RedactedSpans { get; init; }

    /// <summary>Gets the number of tags of the answer dropped because they are not in the vocabulary (or repeat one).</summary>
    public int DroppedTags { get; init; }

    /// <summary>Gets the number of evidence ids of the answer dropped because they are not in the person's history.</summary>
    public int DroppedEvidence { get; init; }

    /// <summary>Gets the number of weights and confidences of the answer clamped into [0, 1].</summary>
    public int ClampedValues { get; init; }

    /// <summary>Gets a value indicating whether the answer's summary was cut to the word limit.</summary>
    public bool SummaryTruncated { get; init; }
}
