// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using Xunit.Sdk;

namespace Profiles.Core.Tests;

/// <summary>Comparisons with a tolerance scaled by the magnitude of the values (runtime tests/Helpers.cs style).</summary>
internal static class Tolerance
{
    /// <summary>Asserts <c>|actual - expected| &lt;= absolute + relative * max(|expected|, |actual|)</c>.</summary>
    public static void Equal(double expected, double actual, double relative, double absolute = 0d, string? what = null)
    {
        if (!Near(expected, actual, relative, absolute))
        {
            throw new XunitException($"{what ?? "value"}: expected {expected:G9}, actual {actual:G9} (relative {relative}, absolute {absolute}).");
        }
    }

    public static bool Near(double expected, double actual, double relative, double absolute = 0d) =>
        double.IsFinite(actual) && Math.Abs(actual - expected) <= absolute + (relative * Math.Max(Math.Abs(expected), Math.Abs(actual)));

    /// <summary>Asserts element-wise closeness with an absolute tolerance scaled by the largest expected magnitude.</summary>
    public static void Vectors(ReadOnlySpan<double> expected, ReadOnlySpan<float> actual, double relative, double absolute, string what)
    {
        if (expected.Length != actual.Length)
        {
            throw new XunitException($"{what}: lengths differ ({expected.Length} vs {actual.Length}).");
        }

        double scale = 0d;
        foreach (double e in expected)
        {
            scale = Math.Max(scale, Math.Abs(e));
        }

        for (int i = 0; i < expected.Length; i++)
        {
            if (!double.IsFinite(actual[i]) || Math.Abs(actual[i] - expected[i]) > absolute + (relative * scale))
            {
                throw new XunitException($"{what}[{i}]: expected {expected[i]:G9}, actual {actual[i]:G9} (scale {scale:G4}).");
            }
        }
    }
}
