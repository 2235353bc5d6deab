// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;

namespace Profiles.Core;

/// <summary>What one run of identity resolution did: counts for every stage, what was capped, and how the model was estimated.</summary>
/// <remarks><para>This type is immutable and thread-safe.</para></remarks>
public sealed class IdentityResolutionReport
{
    internal IdentityResolutionReport()
    {
    }

    /// <summary>Gets the number of accounts resolved.</summary>
    public int Accounts { get; internal init; }

    /// <summary>Gets the number of persons found.</summary>
    public int Persons { get; internal init; }

    /// <summary>Gets the number of accounts with an e-mail address that could not be normalised (it counts as missing).</summary>
    public int InvalidEmails { get; internal init; }

    /// <summary>Gets the number of accounts with a phone number that could not be normalised to 8 to 15 digits (it counts as missing).</summary>
    public int InvalidPhones { get; internal init; }

    /// <summary>Gets the number of distinct account pairs linked by a shared exact key.</summary>
    public int DeterministicLinks { get; internal init; }

    /// <summary>Gets the number of e-mail hashes shared by more than <see cref="IdentityResolverOptions.MaxKeyGroupSize"/> accounts (not linked).</summary>
    public int CappedEmailKeys { get; internal init; }

    /// <summary>Gets the number of phone hashes shared by more than <see cref="IdentityResolverOptions.MaxKeyGroupSize"/> accounts (not linked).</summary>
    public int CappedPhoneKeys { get; internal init; }

    /// <summary>Gets the number of device hashes shared by more than <see cref="IdentityResolverOptions.MaxKeyGroupSize"/> accounts (not linked).</summary>
    public int CappedDeviceKeys { get; internal init; }

    /// <summary>Gets the number of accounts holding at least one capped key.</summary>
    public int CappedKeyAccounts { get; internal init; }

    /// <summary>Gets the number of blocks (of two or more accounts) whose pairs were scored, over all blocking keys.</summary>
    public int Blocks { get; internal init; }

    /// <summary>Gets the number of blocks larger than <see cref="IdentityResolverOptions.MaxBlockSize"/>, whose pairs were not scored.</summary>
    public int CappedBlocks { get; internal init; }

    /// <summary>Gets the number of accounts in capped blocks, summed over blocking keys.</summary>
    public long CappedBlockAccounts { get; internal init; }

    /// <summary>Gets the number of random pairs compared to estimate <c>u</c>.</summary>
    public int RandomPairs { get; internal init; }

    /// <summary>Gets the number of distinct candidate pairs scored by the probabilistic stage.</summary>
    public long PairsScored { get; internal init; }

    /// <summary>Gets the number of candidate pairs whose match weight reached the match threshold (<see cref="IdentityGraph.MatchThreshold"/>).</summary>
    public int ProbabilisticLinks { get; internal init; }

    /// <summary>Gets the number of links between persons whose accounts reached the match threshold only taken together (<see cref="LinkRule.Combined"/>).</summary>
    public int CombinedLinks { get; internal init; }

    /// <summary>Gets the number of expectation–maximisation iterations run.</summary>
    public int EmIterations { get; internal init; }

    /// <summary>Gets a value indicating whether expectation–maximisation converged within the iteration limit.</summary>
    public bool EmConverged { get; internal init; }

    /// <summary>Gets the wall-clock time of the resolution, measured with <see cref="IdentityResolverOptions.TimeProvider"/>.</summary>
    public TimeSpan Elapsed { get; internal init; }
}
