// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;

namespace Profiles.Core;

/// <summary>Options of <see cref="HashingEmbeddingGenerator"/>: the vector size, the n-grams hashed and their weights.</summary>
/// <remarks>Options are validated when set. <see cref="HashingEmbeddingGenerator"/> copies them.</remarks>
public class HashingEmbeddingOptions
{
    /// <summary>Initializes a new instance of the <see cref="HashingEmbeddingOptions"/> class with the defaults.</summary>
    public HashingEmbeddingOptions()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="HashingEmbeddingOptions"/> class as a copy of <paramref name="other"/>.</summary>
    /// <param name="other">The options to copy.</param>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is <see langword="null"/>.</exception>
    protected HashingEmbeddingOptions(HashingEmbeddingOptions other)
    {
        _ = Throw.IfNull(other);
        Dimensions = other.Dimensions;
        MaxWordNGram = other.MaxWordNGram;
        MinCharNGram = other.MinCharNGram;
        MaxCharNGram = other.MaxCharNGram;
        CharNGramWeight = other.CharNGramWeight;
        SublinearTermFrequency = other.SublinearTermFrequency;
    }

    /// <summary>Gets or sets the number of dimensions (hash buckets).</summary>
    /// <value>The default is 1,024. From 8 to 1,048,576.</value>
    public int Dimensions { get; set => field = Throw.IfGreaterThan(Throw.IfLessThan(value, 8), 1 << 20, nameof(value)); } = 1024;

    /// <summary>Gets or sets the longest word n-gram: 1 hashes single words, 2 adds pairs of adjacent words.</summary>
    /// <value>The default is 2. From 1 to 4.</value>
    public int MaxWordNGram { get; set => field = Throw.IfGreaterThan(Throw.IfLessThan(value, 1), 4, nameof(value)); } = 2;

    /// <summary>Gets or sets the shortest character n-gram, taken within each word padded as <c>&lt;word&gt;</c>.</summary>
    /// <value>The default is 3. From 1 to 16.</value>
    public int MinCharNGram { get; set => field = Throw.IfGreaterThan(Throw.IfLessThan(value, 1), 16, nameof(value)); } = 3;

    /// <summary>Gets or sets the longest character n-gram; below <see cref="MinCharNGram"/> no character n-gram is hashed.</summary>
    /// <value>The default is 5. From 0 to 16.</value>
    public int MaxCharNGram { get; set => field = Throw.IfGreaterThan(Throw.IfLessThan(value, 0), 16, nameof(value)); } = 5;

    /// <summary>Gets or sets the weight of the character n-gram part against the word part (weight 1); each part is
    /// L2-normalised before they are added.</summary>
    /// <value>The default is 0.5. Finite and non-negative.</value>
    public float CharNGramWeight { get; set => field = Throw.IfNegativeOrNotFinite(value); } = 0.5f;

    /// <summary>Gets or sets a value indicating whether a bucket's count <c>c</c> becomes <c>1 + ln c</c> (sublinear term
    /// frequency) rather than <c>c</c>.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool SublinearTermFrequency { get; set; } = true;

    /// <summary>Creates a copy of these options.</summary>
    /// <returns>The copy.</returns>
    public virtual HashingEmbeddingOptions Clone() => new(this);
}
