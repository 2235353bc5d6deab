// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace Profiles.Core.Tests;

/// <summary>The profile settings and the one-account-one-person identities the MovieLens evaluation tests and the
/// benchmarks share (this file is compiled into both).</summary>
internal static class MovieLensSetup
{
    /// <summary>Returns builder options for ratings from 1996-2018: no time decay, every star above zero a positive signal.</summary>
    public static ProfileBuilderOptions Builder() => new()
    {
        SignalWeights = new SignalWeights(new SignalWeightsOptions { HalfLife = TimeSpan.MaxValue, RatingNeutral = 0f }),
        Factors = 16,
        Regularization = 5f,
        Alpha = 1f,
        Iterations = 15,
        Seed = 42,
    };

    /// <summary>Resolves the accounts of <paramref name="events"/> without PII, so every account is its own person.</summary>
    public static Task<IdentityGraph> ResolveBareAsync(IReadOnlyList<InteractionEvent> events)
    {
        var seen = new HashSet<AccountKey>();
        var records = new List<AccountRecord>();
        foreach (InteractionEvent e in events)
        {
            if (seen.Add(new AccountKey(e.Platform, e.Account)))
            {
                records.Add(new AccountRecord(e.Platform, e.Account));
            }
        }

        return new FellegiSunterResolver(new IdentityResolverOptions { Salt = "tests", Seed = 1 }).ResolveAsync(records);
    }
}
