// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

namespace Profiles.Core;

/// <summary>A similar person: their id and the cosine similarity of the two behaviour vectors.</summary>
/// <remarks><para>This type is immutable and thread-safe.</para></remarks>
/// <param name="Person">The neighbour.</param>
/// <param name="Similarity">The cosine similarity, in [-1, 1].</param>
public readonly record struct Neighbour(PersonId Person, float Similarity);
