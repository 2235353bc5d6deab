// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

namespace Profiles.Core;

/// <summary>Starts a <see cref="ProfileEnricherBuilder"/> from an enricher.</summary>
public static class ProfileEnricherBuilderExtensions
{
    /// <summary>Creates a builder whose innermost enricher is <paramref name="innerEnricher"/>.</summary>
    /// <param name="innerEnricher">The enricher.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="System.ArgumentNullException"><paramref name="innerEnricher"/> is <see langword="null"/>.</exception>
    public static ProfileEnricherBuilder AsBuilder(this IProfileEnricher innerEnricher) => new(innerEnricher);
}
