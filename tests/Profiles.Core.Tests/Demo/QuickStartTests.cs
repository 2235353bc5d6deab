// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.IO;
using System.Linq;
using System.Reflection;
using Xunit;

namespace Profiles.Core.Tests;

/// <summary>Runs the quick-start sample (samples/Profiles.QuickStart) so that the README's first program cannot rot.</summary>
[Trait("Category", "Integration")]
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

        string[] lines = captured.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.StartsWith("person 0 (", lines[0], StringComparison.Ordinal);
        string[] recommendations = [.. lines.Where(l => l.StartsWith("recommend ", StringComparison.Ordinal))];
        Assert.Equal(5, recommendations.Length);
        Assert.Equal(5, recommendations.Distinct().Count());
        Assert.All(recommendations, l => Assert.Matches(@"^recommend (shop|social|news)/[psn][0-9]{6}: .+ \(.+\)$", l));
    }
}

/// <summary>Serialises tests that redirect <see cref="Console.Out"/>.</summary>
internal static class ConsoleLock
{
    /// <summary>The lock.</summary>
    public static readonly object Gate = new();
}
