// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace Profiles.Core;

/// <summary>What an enricher adds to a profile: a short natural-language summary of the person's taste and ordered
/// interests from a fixed vocabulary, with the enricher's confidence and where the insight came from.</summary>
/// <remarks><para>This type is immutable and thread-safe.</para></remarks>
/// <param name="Summary">A short summary of the person's taste.</param>
/// <param name="Interests">The interests, strongest first.</param>
/// <param name="Confidence">The enricher's confidence, in [0, 1].</param>
public sealed record ProfileInsight(string Summary, IReadOnlyList<InsightInterest> Interests, float Confidence)
{
    /// <summary>Gets where the insight came from, for example the chat model's id, or <c>extractive</c>.</summary>
    public string Source { get; init; } = string.Empty;
}
