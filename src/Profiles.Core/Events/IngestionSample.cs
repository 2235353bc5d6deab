// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

namespace Profiles.Core;

/// <summary>One example of a row that was rejected or merged, kept in an <see cref="IngestionReport"/> so that a
/// person can see what went wrong.</summary>
/// <remarks><para>This type is immutable and thread-safe.</para></remarks>
/// <param name="Reason">Why the row was not accepted.</param>
/// <param name="LineNumber">The 1-based line the row started on in its source; <see langword="null"/> when the row
/// did not come from a text source.</param>
/// <param name="Detail">What exactly was wrong, for example <c>value is NaN</c> or <c>column 'timestamp': '2x' is not a timestamp</c>.</param>
/// <param name="Event">The event, when the row could be parsed into one; <see langword="null"/> for malformed rows.</param>
public sealed record IngestionSample(RejectionReason Reason, long? LineNumber, string Detail, InteractionEvent? Event);
