// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.IO;
using System.Linq;
using System.Reflection;
using Xunit;

namespace Profiles.Core.Tests;

/// <summary>Runs the quick-start sample (samples/Profiles.QuickStart) so that the README's first program cannot rot.</summary>
[Trait("Category", "Integration")]
[Collection(ConsoleLock.Collection)]
public sealed class QuickStartTests
{
    [Fact]
    public void Main_QuickStart_PrintsFiveRecommendations()
    {
        MethodInfo entry = Assembly.Load("Profiles.QuickStart").EntryPoint!;
        TextWriter original = Console.Out;
        using var captured = new StringWriter();
        lock (ConsoleLock.Gate)
        {
            Console.SetOut(captured);
            try
            {
                _ = entry.Invoke(null, entry.GetParameters().Length == 0 ? null : [Array.Empty<string>()]);
            }
            finally
            {
                Console.SetOut(original);
            }
        }

        // Other tests may write to the console while it is redirected (those that redirect it or run the doc snippets, which
        // print, share this test's collection, so they do not run alongside it); the lines are found by their form, not
        // their position, so that a stray line from elsewhere cannot fail the test.
        string[] lines = captured.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Single(lines, l => l.StartsWith("person 0 (", StringComparison.Ordinal));
        string[] recommendations = [.. lines.Where(l => l.StartsWith("recommend ", StringComparison.Ordinal))];
        Assert.Equal(5, recommendations.Length);
        Assert.Equal(5, recommendations.Distinct().Count());
        Assert.All(recommendations, l => Assert.Matches(@"^recommend (shop|social|news)/[psn][0-9]{6}: .+ \(.+\)$", l));
    }
}

/// <summary>Serialises tests that redirect <see cref="Console.Out"/>.</summary>
internal static class ConsoleLock
{
    /// <summary>The xunit collection of the test classes that redirect or write to the console: they do not run in parallel with each other.</summary>
    public const string Collection = "Console";

    /// <summary>The lock.</summary>
    public static readonly object Gate = new();
}
