// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;

namespace Profiles.Core;

/// <summary>Options of <see cref="NewItemRecommender"/>: whether new items are mixed with the catalogue or served alone,
/// and how their scores are adjusted before they compete with the catalogue's.</summary>
/// <remarks><para>Options are validated when set. <see cref="NewItemRecommender"/> copies them, so later changes do not
/// affect it. Instances are mutable and not thread-safe.</para></remarks>
public class NewItemRecommenderOptions
{
    /// <summary>Initializes a new instance of the <see cref="NewItemRecommenderOptions"/> class with the defaults.</summary>
    public NewItemRecommenderOptions()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="NewItemRecommenderOptions"/> class as a copy of <paramref name="other"/>.</summary>
    /// <param name="other">The options to copy.</param>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is <see langword="null"/>.</exception>
    protected NewItemRecommenderOptions(NewItemRecommenderOptions other)
    {
        _ = Throw.IfNull(other);
        NewItemsOnly = other.NewItemsOnly;
        NewItemWeight = other.NewItemWeight;
        NewItemOffset = other.NewItemOffset;
    }

    /// <summary>Gets or sets whether only the new items are recommended (a "fresh" shelf); when <see langword="false"/>,
    /// they compete with the model's items in one list.</summary>
    /// <value>The default is <see langword="false"/> (mixed with the catalogue).</value>
    public bool NewItemsOnly { get; set; }

    /// <summary>Gets or sets the factor <c>w</c> a new item's inner product is multiplied by: its score is
    /// <c>w (u · c) + o</c>, where <c>c</c> is its projected vector and <c>o</c> is <see cref="NewItemOffset"/>.</summary>
    /// <value>The default is 1 (new items scored exactly like the catalogue). Finite and positive.</value>
    /// <remarks><para>A knob, not a calibrated constant: the ridge projection shrinks its outputs towards the mean of the
    /// training items' factors, so projected vectors are shorter than trained ones and their inner products smaller; a
    /// weight above 1 (or a positive offset) lets more new items into a mixed list. On ml-latest-small's cold-start-items
    /// split, weight 1 put no new item into a top-10 mixed with the catalogue, 4 about half and 8 nearly all (docs/llm.md);
    /// choose it on your own held-out data.</para></remarks>
    /// <exception cref="ArgumentOutOfRangeException">The value is not positive or not finite.</exception>
    public float NewItemWeight
    {
        get;
        set
        {
            if (!float.IsFinite(value) || value <= 0f)
            {
                Throw.OutOfRange(nameof(value), value, "must be finite and positive");
            }

            field = value;
        }
    } = 1f;

    /// <summary>Gets or sets the offset <c>o</c> added to every new item's score, <c>w (u · c) + o</c> (see
    /// <see cref="NewItemWeight"/>); a positive offset promotes fresh items, a negative one demotes them.</summary>
    /// <value>The default is 0. Finite.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is not finite.</exception>
    public float NewItemOffset
    {
        get;
        set
        {
            if (!float.IsFinite(value))
            {
                Throw.OutOfRange(nameof(value), value, "must be finite");
            }

            field = value;
        }
    }

    /// <summary>Creates a copy of these options.</summary>
    /// <returns>The copy.</returns>
    public virtual NewItemRecommenderOptions Clone() => new(this);
}
