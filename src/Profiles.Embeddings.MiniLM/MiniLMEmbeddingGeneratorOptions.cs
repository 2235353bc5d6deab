// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using Microsoft.ML.OnnxRuntime;

namespace Profiles.Core;

/// <summary>Options of <see cref="MiniLMEmbeddingGenerator"/>.</summary>
/// <remarks>Options are validated when set. <see cref="MiniLMEmbeddingGenerator"/> copies them.</remarks>
public class MiniLMEmbeddingGeneratorOptions
{
    /// <summary>Initializes a new instance of the <see cref="MiniLMEmbeddingGeneratorOptions"/> class with the defaults.</summary>
    public MiniLMEmbeddingGeneratorOptions()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="MiniLMEmbeddingGeneratorOptions"/> class as a copy of <paramref name="other"/>.</summary>
    /// <param name="other">The options to copy.</param>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is <see langword="null"/>.</exception>
    protected MiniLMEmbeddingGeneratorOptions(MiniLMEmbeddingGeneratorOptions other)
    {
        ArgumentNullException.ThrowIfNull(other);
        BatchSize = other.BatchSize;
        SessionOptions = other.SessionOptions;
    }

    /// <summary>Gets or sets how many texts go through the model in one run.</summary>
    /// <value>The default is 32. From 1 to 1,024.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside [1, 1024].</exception>
    public int BatchSize
    {
        get;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 1024);
            field = value;
        }
    } = 32;

    /// <summary>Gets or sets the ONNX Runtime session options (threads, execution providers).</summary>
    /// <value>The default is <see langword="null"/>: ONNX Runtime's defaults.</value>
    public SessionOptions? SessionOptions { get; set; }

    /// <summary>Creates a copy of these options.</summary>
    /// <returns>The copy.</returns>
    public virtual MiniLMEmbeddingGeneratorOptions Clone() => new(this);
}
