// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

namespace Profiles.Core;

/// <summary>Describes an enricher: who provides it, the model it asks and the version of its prompt; returned by
/// <see cref="IProfileEnricher.GetService"/>.</summary>
/// <remarks><para>This type is immutable and thread-safe.</para></remarks>
/// <param name="ProviderName">The enricher's kind, for example <c>chat</c> or <c>extractive</c>.</param>
/// <param name="ModelId">The chat model's id; <see langword="null"/> when the enricher asks no model.</param>
/// <param name="PromptVersion">The prompt's version; <see langword="null"/> when the enricher has no prompt.</param>
public sealed record ProfileEnricherMetadata(string ProviderName, string? ModelId, string? PromptVersion);
