// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

namespace Profiles.Core;

/// <summary>Represents an estimate with its bootstrap confidence interval.</summary>
/// <remarks><para>This type is immutable and thread-safe.</para></remarks>
/// <param name="Estimate">The point estimate, computed on the original sample (a mean, or a difference of means).</param>
/// <param name="Lower">The lower end of the interval.</param>
/// <param name="Upper">The upper end of the interval.</param>
public readonly record struct ConfidenceInterval(double Estimate, double Lower, double Upper)
{
    /// <summary>Gets a value indicating whether the interval lies entirely above or entirely below zero: for a difference,
    /// whether it is significant at the interval's level.</summary>
    public bool ExcludesZero => Lower > 0 || Upper < 0;

    /// <summary>Returns whether <paramref name="value"/> lies in the closed interval.</summary>
    /// <param name="value">The value.</param>
    /// <returns><see langword="true"/> when <c>Lower &lt;= value &lt;= Upper</c>.</returns>
    public bool Contains(double value) => Lower <= value && value <= Upper;
}
