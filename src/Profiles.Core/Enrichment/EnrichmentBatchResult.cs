// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System.Collections.Generic;

namespace Profiles.Core;

/// <summary>The results of a batch, in the order of its requests, and the report that accounts for them.</summary>
/// <remarks><para>This type is immutable and thread-safe once returned.</para></remarks>
/// <param name="Results">One result per request, in request order.</param>
/// <param name="Report">The counts of the run.</param>
/// <param name="Budget">The run's budget, with what it used.</param>
public sealed record EnrichmentBatchResult(IReadOnlyList<EnrichmentResult> Results, EnrichmentReport Report, EnrichmentBudget Budget);
