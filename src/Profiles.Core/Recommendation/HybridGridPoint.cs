// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System.Collections.Generic;

namespace Profiles.Core;

/// <summary>One point of the weight grid <see cref="HybridTuner"/> tried, and its validation score.</summary>
/// <remarks><para>This type is immutable and thread-safe.</para></remarks>
/// <param name="Weights">The weights, one per component, summing to 1.</param>
/// <param name="Ndcg">The mean NDCG@K over the validation users.</param>
public sealed record HybridGridPoint(IReadOnlyList<double> Weights, double Ndcg);
