// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;

namespace Profiles.Core;

/// <summary>Options of <see cref="FellegiSunterResolver"/>: normalisation, hashing, blocking, the model's estimation and the match threshold.</summary>
/// <remarks>
/// <para>Options are validated when set; settings that depend on each other (<see cref="SimilarThreshold"/> and
/// <see cref="VerySimilarThreshold"/>) are checked when a resolver is created. <see cref="FellegiSunterResolver"/>
/// copies the options, so later changes do not affect it.</para>
/// <para>Instances are not thread-safe while they are being changed.</para>
/// </remarks>
public class IdentityResolverOptions
{
    private static readonly ReadOnlyCollection<string> s_defaultProviders = new(["gmail.com", "googlemail.com"]);

    /// <summary>Initializes a new instance of the <see cref="IdentityResolverOptions"/> class with the defaults.</summary>
    public IdentityResolverOptions()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="IdentityResolverOptions"/> class as a copy of <paramref name="other"/>.</summary>
    /// <param name="other">The options to copy.</param>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is <see langword="null"/>.</exception>
    protected IdentityResolverOptions(IdentityResolverOptions other)
    {
        _ = Throw.IfNull(other);
        Salt = other.Salt;
        DefaultCountryCode = other.DefaultCountryCode;
        IgnoreDotsProviders = other.IgnoreDotsProviders;
        StripPlusTags = other.StripPlusTags;
        FirstNameVariants = other.FirstNameVariants;
        CityAliases = other.CityAliases;
        CompareEmailNames = other.CompareEmailNames;
        BlockingKeys = other.BlockingKeys;
        SimilarThreshold = other.SimilarThreshold;
        VerySimilarThreshold = other.VerySimilarThreshold;
        MatchThreshold = other.MatchThreshold;
        MatchProbability = other.MatchProbability;
        MaxKeyGroupSize = other.MaxKeyGroupSize;
        OneAccountPerPlatform = other.OneAccountPerPlatform;
        CombineAccountEvidence = other.CombineAccountEvidence;
        MaxBlockSize = other.MaxBlockSize;
        RandomPairs = other.RandomPairs;
        MaxEmIterations = other.MaxEmIterations;
        EmTolerance = other.EmTolerance;
        Seed = other.Seed;
        MaxDegreeOfParallelism = other.MaxDegreeOfParallelism;
        TimeProvider = other.TimeProvider;
    }

    /// <summary>Gets or sets the secret prepended to every normalised e-mail, phone and device id before it is hashed with SHA-256.</summary>
    /// <value>
    /// The default is <see langword="null"/>: each resolver generates its own random 32-byte salt, so its hashes cannot be
    /// joined with those of another resolver (or recomputed by anyone without the salt). Set a secret of your own to get
    /// hashes that stay the same across runs. Not blank when set.
    /// </value>
    public string? Salt
    {
        get;
        set
        {
            if (value is not null && string.IsNullOrWhiteSpace(value))
            {
                Throw.Argument(nameof(value), "The salt must not be blank; use null to have the resolver generate one.");
            }

            field = value;
        }
    }

    /// <summary>Gets or sets the country calling code given to phone numbers written without one.</summary>
    /// <value>The default is <c>1</c> (North America). One to three digits, not starting with 0.</value>
    public string DefaultCountryCode
    {
        get;
        set
        {
            _ = Throw.IfNull(value);
            if (value.Length is < 1 or > 3 || value[0] == '0' || !IsDigits(value))
            {
                Throw.Argument(nameof(value), $"The default country code must be 1 to 3 digits not starting with 0; got '{value}'.");
            }

            field = value;
        }
    } = "1";

    /// <summary>Gets or sets the e-mail domains that ignore dots in the local part and a <c>+tag</c> (both are dropped).</summary>
    /// <value>The default is <c>gmail.com</c> and <c>googlemail.com</c>. Domains are stored trimmed and lower-cased.</value>
    public IReadOnlyList<string> IgnoreDotsProviders
    {
        get;
        set
        {
            _ = Throw.IfNull(value);
            var copy = new string[value.Count];
            for (int i = 0; i < copy.Length; i++)
            {
                string domain = value[i];
                if (string.IsNullOrWhiteSpace(domain))
                {
                    Throw.Argument(nameof(value), $"The provider at index {i} is null or blank.");
                }

                copy[i] = domain.Trim().ToLowerInvariant();
            }

            field = new ReadOnlyCollection<string>(copy);
        }
    } = s_defaultProviders;

    /// <summary>Gets or sets a value indicating whether a <c>+tag</c> is dropped from the local part of every address, not only for <see cref="IgnoreDotsProviders"/>.</summary>
    /// <value>
    /// The default is <see langword="true"/>: most providers deliver <c>name+tag@</c> to <c>name@</c>, and a <c>+</c> that is
    /// part of a mailbox's name is rare. Set it to <see langword="false"/> when your providers treat <c>+</c> as an ordinary character.
    /// </value>
    public bool StripPlusTags { get; set; } = true;

    /// <summary>Gets or sets the short forms and nicknames of first names, keyed by the full given name.</summary>
    /// <value>
    /// The default is <see cref="IdentityNameTables.FirstNameVariants"/>. A first name and one of its variants
    /// (<c>William</c> and <c>Bill</c>), or two variants of one name (<c>Bill</c> and <c>Will</c>), compare as
    /// <see cref="FieldComparison.VerySimilar"/>, and the phonetic blocking keys use the full name's code for a variant.
    /// Names and variants are folded like display names when a resolver is created. Set an empty dictionary to compare
    /// first names by spelling only. Not <see langword="null"/>; no key or variant blank.
    /// </value>
    /// <exception cref="ArgumentNullException">The value is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A key, a variant list or a variant is null or blank, or a key or a variant is not
    /// one word of at least two characters (first names are compared by their first token, so <c>Mary Ann</c> would
    /// stand for every <c>Mary</c>).</exception>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> FirstNameVariants
    {
        get;
        set
        {
            _ = Throw.IfNull(value);
            var copy = new Dictionary<string, IReadOnlyList<string>>(value.Count, StringComparer.Ordinal);
            foreach (KeyValuePair<string, IReadOnlyList<string>> entry in value)
            {
                if (string.IsNullOrWhiteSpace(entry.Key) || entry.Value is null)
                {
                    Throw.Argument(nameof(value), $"The first name '{entry.Key}' is blank or has no variant list.");
                }

                if (!IsOneGivenName(entry.Key))
                {
                    Throw.Argument(nameof(value), $"The first name '{entry.Key}' is not one word of at least two characters (names are compared by their first token).");
                }

                var variants = new string[entry.Value.Count];
                for (int i = 0; i < variants.Length; i++)
                {
                    if (string.IsNullOrWhiteSpace(entry.Value[i]))
                    {
                        Throw.Argument(nameof(value), $"The variant at index {i} of '{entry.Key}' is null or blank.");
                    }

                    if (!IsOneGivenName(entry.Value[i]))
                    {
                        Throw.Argument(nameof(value), $"The variant '{entry.Value[i]}' of '{entry.Key}' is not one word of at least two characters (names are compared by their first token).");
                    }

                    variants[i] = entry.Value[i];
                }

                copy.Add(entry.Key, new ReadOnlyCollection<string>(variants));
            }

            field = new ReadOnlyDictionary<string, IReadOnlyList<string>>(copy);
        }
    } = IdentityNameTables.FirstNameVariants;

    /// <summary>Gets or sets a value indicating whether the name an e-mail address spells is compared with the other account's name (<see cref="MatchField.EmailName"/>).</summary>
    /// <value>
    /// The default is <see langword="true"/>: the letters of an address's local part (<c>maria.garcia84@</c> gives
    /// <c>mariagarcia</c>) are hashed with the salt and compared with the salted hashes of the other account's first and
    /// last name run together (in either order, or with either as an initial), when one account has no name at all and
    /// the other has a first and a last name (two e-mail names are not compared with each other);
    /// <see cref="BlockingKeys.EmailName"/> blocks on them. Set it to
    /// <see langword="false"/> to leave the field missing and that key empty.
    /// </value>
    public bool CompareEmailNames { get; set; } = true;

    /// <summary>Gets or sets city aliases, keyed by the alias, with the city's usual name as the value.</summary>
    /// <value>
    /// The default is <see cref="IdentityNameTables.CityAliases"/>. A city written as an alias (<c>NYC</c>) is replaced
    /// by the city's name (<c>New York</c>) before it is compared or used in a blocking key. Aliases and names are folded
    /// like cities when a resolver is created (after <c>St.</c>, <c>Ste.</c>, <c>Ft.</c> and <c>Mt.</c> at the start
    /// are expanded). Set an empty dictionary to compare cities by spelling only. Not <see langword="null"/>; no alias
    /// or name blank.
    /// </value>
    /// <exception cref="ArgumentNullException">The value is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">An alias or a name is null or blank.</exception>
    public IReadOnlyDictionary<string, string> CityAliases
    {
        get;
        set
        {
            _ = Throw.IfNull(value);
            var copy = new Dictionary<string, string>(value.Count, StringComparer.Ordinal);
            foreach (KeyValuePair<string, string> entry in value)
            {
                if (string.IsNullOrWhiteSpace(entry.Key) || string.IsNullOrWhiteSpace(entry.Value))
                {
                    Throw.Argument(nameof(value), $"The city alias '{entry.Key}' or its city '{entry.Value}' is null or blank.");
                }

                copy.Add(entry.Key, entry.Value);
            }

            field = new ReadOnlyDictionary<string, string>(copy);
        }
    } = IdentityNameTables.CityAliases;

    /// <summary>Gets or sets the blocking keys: accounts sharing a value of any of them are compared by the probabilistic stage.</summary>
    /// <value>The default is <see cref="BlockingKeys.Default"/>. Not <see cref="BlockingKeys.None"/>, and only defined flags.</value>
    public BlockingKeys BlockingKeys
    {
        get;
        set
        {
            const BlockingKeys all = BlockingKeys.LastNamePhoneticAndBirthYear | BlockingKeys.CityAndLastNamePrefix
                | BlockingKeys.FirstAndLastNamePhonetic | BlockingKeys.FirstNamePhoneticAndBirthYear | BlockingKeys.CityAndFirstNamePhonetic
                | BlockingKeys.FirstNamePhoneticAndLastInitial | BlockingKeys.LastNamePhoneticAndFirstInitial | BlockingKeys.EmailName;
            if (value == BlockingKeys.None || (value & ~all) != 0)
            {
                Throw.OutOfRange(nameof(value), value, "must combine one or more defined blocking keys");
            }

            field = value;
        }
    } = BlockingKeys.Default;

    /// <summary>Gets or sets the Jaro–Winkler similarity at or above which names and cities compare as <see cref="FieldComparison.Similar"/>.</summary>
    /// <value>The default is 0.88. In (0, 1], and at most <see cref="VerySimilarThreshold"/> (checked when a resolver is created).</value>
    public double SimilarThreshold
    {
        get;
        set => field = Throw.IfGreaterThan(Throw.IfNotPositiveOrNotFinite(value), 1d, nameof(value));
    } = 0.88;

    /// <summary>Gets or sets the Jaro–Winkler similarity at or above which names and cities compare as <see cref="FieldComparison.VerySimilar"/>.</summary>
    /// <value>The default is 0.94. In (0, 1].</value>
    public double VerySimilarThreshold
    {
        get;
        set => field = Throw.IfGreaterThan(Throw.IfNotPositiveOrNotFinite(value), 1d, nameof(value));
    } = 0.94;

    /// <summary>Gets or sets the match weight (the sum of <c>log2(m / u)</c> over the fields) at or above which a candidate pair is linked, or <see langword="null"/> to derive it.</summary>
    /// <value>
    /// The default is <see langword="null"/>: the threshold is the weight at which the posterior probability that the two
    /// accounts are one person reaches <see cref="MatchProbability"/>, given the prior the data implies:
    /// <c>log2((1 - pi) / pi) + log2(p / (1 - p))</c> with <c>pi</c> the estimated number of one-person pairs (EM's share
    /// of matches among the candidate pairs, plus the deterministic pairs outside every block) over all <c>n (n - 1) / 2</c>
    /// pairs. The prior, and so the threshold, grows with the number of accounts. Finite when set.
    /// </value>
    public double? MatchThreshold
    {
        get;
        set
        {
            if (value is { } threshold && !double.IsFinite(threshold))
            {
                Throw.OutOfRange(nameof(value), threshold, "must be finite");
            }

            field = value;
        }
    }

    /// <summary>Gets or sets the posterior match probability <c>p</c> the derived threshold aims at when <see cref="MatchThreshold"/> is <see langword="null"/>.</summary>
    /// <value>The default is 0.5: link when one person is the likelier explanation. In (0, 1).</value>
    public double MatchProbability
    {
        get;
        set => field = Throw.IfGreaterThan(Throw.IfNotPositiveOrNotFinite(value), 0.999999999, nameof(value));
    } = 0.5;

    /// <summary>Gets or sets the most accounts one exact key (an e-mail, phone or device hash) may link deterministically.</summary>
    /// <value>
    /// The default is 6. At least 2. A key held by more accounts (a shared family tablet, <c>test@test.com</c>) links
    /// none of them, counts as missing in the probabilistic comparison, and is recorded in
    /// <see cref="IdentityResolutionReport.CappedEmailKeys"/> and its siblings.
    /// </value>
    public int MaxKeyGroupSize { get; set => field = Throw.IfLessThan(value, 2); } = 6;

    /// <summary>Gets or sets a value indicating whether a probabilistic link may not give a person a second account on one platform.</summary>
    /// <value>
    /// The default is <see langword="true"/>: a person rarely holds two accounts on one platform, so such a link more
    /// likely joins two namesakes. Links are then joined from the strongest down and a probabilistic link whose two sides
    /// already hold accounts on a common platform is skipped. Deterministic and manual links are never skipped for this.
    /// </value>
    public bool OneAccountPerPlatform { get; set; } = true;

    /// <summary>Gets or sets a value indicating whether two persons may be linked on the evidence of all their accounts taken together.</summary>
    /// <value>
    /// The default is <see langword="true"/>. After the pairwise links are joined, every two persons that a scored
    /// candidate pair connects whose weight is within the largest name, birth-year or city agreement weight of the
    /// threshold are compared as wholes: each field at its best level over the
    /// pairs of accounts across them, less <c>log2(k)</c> bits for an agreement that <c>k &gt; 1</c> such pairs had the
    /// chance to find. When that weight reaches the match threshold (and, with <see cref="OneAccountPerPlatform"/>, the
    /// two persons hold no platform in common) they are linked with <see cref="LinkRule.Combined"/>: a shop account with
    /// only a name and an e-mail, a social account with that e-mail and a birth year, and a news account with the name
    /// and the birth year are one person although no single pair with the news account reaches the threshold.
    /// </value>
    public bool CombineAccountEvidence { get; set; } = true;

    /// <summary>Gets or sets the most accounts a block may hold; a larger block is skipped and recorded in <see cref="IdentityResolutionReport.CappedBlocks"/>.</summary>
    /// <value>The default is 500. At least 2. A block of <c>n</c> accounts yields <c>n (n - 1) / 2</c> pairs.</value>
    public int MaxBlockSize { get; set => field = Throw.IfLessThan(value, 2); } = 500;

    /// <summary>Gets or sets how many random account pairs are compared to estimate the <c>u</c> probabilities.</summary>
    /// <value>The default is 200,000. At least 1.</value>
    public int RandomPairs { get; set => field = Throw.IfLessThan(value, 1); } = 200_000;

    /// <summary>Gets or sets the most expectation–maximisation iterations.</summary>
    /// <value>The default is 200. At least 1.</value>
    public int MaxEmIterations { get; set => field = Throw.IfLessThan(value, 1); } = 200;

    /// <summary>Gets or sets the change of the mean log-likelihood per candidate pair below which expectation–maximisation has converged.</summary>
    /// <value>The default is 1e-9. Finite and positive.</value>
    public double EmTolerance { get; set => field = Throw.IfNotPositiveOrNotFinite(value); } = 1e-9;

    /// <summary>Gets or sets the seed of the random-pair sampler.</summary>
    /// <value>The default is 42.</value>
    public int Seed { get; set; } = 42;

    /// <summary>Gets or sets the most threads normalisation and pair scoring use, or -1 for all processors.</summary>
    /// <value>The default is -1.</value>
    public int MaxDegreeOfParallelism
    {
        get;
        set => field = value == -1 ? value : Throw.IfLessThan(value, 1, nameof(value));
    } = -1;

    /// <summary>Gets or sets the clock that times the resolution for <see cref="IdentityResolutionReport.Elapsed"/>.</summary>
    /// <value>The default is <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; set => field = Throw.IfNull(value); } = TimeProvider.System;

    /// <summary>Creates a copy of these options.</summary>
    /// <returns>The copy.</returns>
    public virtual IdentityResolverOptions Clone() => new(this);

    private static bool IsDigits(string value)
    {
        foreach (char c in value)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsOneGivenName(string name)
    {
        ReadOnlySpan<char> trimmed = name.AsSpan().Trim();
        if (trimmed.Length < 2)
        {
            return false;
        }

        foreach (char c in trimmed)
        {
            if (char.IsWhiteSpace(c))
            {
                return false;
            }
        }

        return true;
    }
}
