// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Globalization;
using System.IO;

namespace Profiles.Core.Benchmarks;

/// <summary>Where the subcommands find their data, and how they print an interval.</summary>
internal static class BenchmarkData
{
    /// <summary>Returns ../shared/datasets/ml-latest-small beside the repository that holds this build.</summary>
    /// <exception cref="DirectoryNotFoundException">No repository root (Profiles.Core.sln) is above the build.</exception>
    public static string FindMovieLens()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Profiles.Core.sln")))
            {
                return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "datasets", "ml-latest-small"));
            }
        }

        throw new DirectoryNotFoundException("ml-latest-small not found beside the repository; pass --movielens DIR.");
    }

    /// <summary>Formats an interval as <c>estimate [lower, upper]</c> with four decimals.</summary>
    public static string Format(ConfidenceInterval interval) =>
        string.Create(CultureInfo.InvariantCulture, $"{interval.Estimate:F4} [{interval.Lower:F4}, {interval.Upper:F4}]");
}
