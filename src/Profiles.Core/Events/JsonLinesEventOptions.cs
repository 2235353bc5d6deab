// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;

namespace Profiles.Core;

/// <summary>Configures <see cref="JsonLinesEventReader"/>.</summary>
/// <remarks>
/// <para>Each line is one JSON object with the properties <c>platform</c>, <c>account</c>, <c>item</c>, <c>kind</c>,
/// <c>value</c> (a number, or <c>"NaN"</c>/<c>"Infinity"</c>), <c>timestamp</c> (an ISO 8601 string or Unix seconds)
/// and <c>text</c>; names match case-insensitively and unknown properties are ignored. Empty lines are skipped.</para>
/// <para>Options are mutable and not thread-safe; the reader clones them on construction.</para>
/// </remarks>
public class JsonLinesEventOptions
{
    /// <summary>Initializes a new instance of the <see cref="JsonLinesEventOptions"/> class with the defaults.</summary>
    public JsonLinesEventOptions()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="JsonLinesEventOptions"/> class as a copy of <paramref name="other"/>.</summary>
    /// <param name="other">The options to copy.</param>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is <see langword="null"/>.</exception>
    protected JsonLinesEventOptions(JsonLinesEventOptions other)
    {
        Throw.IfNull(other);
        DefaultPlatform = other.DefaultPlatform;
        DefaultKind = other.DefaultKind;
    }

    /// <summary>Gets or sets the platform of a line without a <c>platform</c> property.</summary>
    /// <value>The default is <see langword="null"/>: such a line gets an empty platform, which the cleaner rejects.</value>
    public PlatformId? DefaultPlatform { get; set; }

    /// <summary>Gets or sets the kind of a line without a <c>kind</c> property.</summary>
    /// <value>The default is <see langword="null"/>: such a line gets an empty kind, which the cleaner rejects.</value>
    public EventKind? DefaultKind { get; set; }

    /// <summary>Creates a copy of these options.</summary>
    /// <returns>The copy.</returns>
    public virtual JsonLinesEventOptions Clone() => new(this);
}
