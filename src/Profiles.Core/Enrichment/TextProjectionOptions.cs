// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;

namespace Profiles.Core;

/// <summary>Options of <see cref="TextProjectionTrainer"/>.</summary>
/// <remarks>Options are validated when set. <see cref="TextProjectionTrainer"/> copies them.</remarks>
public class TextProjectionOptions
{
    /// <summary>Initializes a new instance of the <see cref="TextProjectionOptions"/> class with the defaults.</summary>
    public TextProjectionOptions()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="TextProjectionOptions"/> class as a copy of <paramref name="other"/>.</summary>
    /// <param name="other">The options to copy.</param>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is <see langword="null"/>.</exception>
    protected TextProjectionOptions(TextProjectionOptions other)
    {
        _ = Throw.IfNull(other);
        Ridge = other.Ridge;
        FitIntercept = other.FitIntercept;
    }

    /// <summary>Gets or sets the ridge penalty <c>lambda</c> of <c>||X W - Y||^2 + lambda ||W||^2</c>.</summary>
    /// <value>The default is 1. Finite and positive (it keeps the normal equations positive definite).</value>
    public double Ridge { get; set => field = Throw.IfNotPositiveOrNotFinite(value); } = 1.0;

    /// <summary>Gets or sets a value indicating whether an unpenalised intercept is fitted (by centring the embeddings
    /// and factors on their means).</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool FitIntercept { get; set; } = true;

    /// <summary>Creates a copy of these options.</summary>
    /// <returns>The copy.</returns>
    public virtual TextProjectionOptions Clone() => new(this);
}
