// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace Profiles.Core.Tests;

/// <summary>FsCheck generators and helpers for events.</summary>
internal static class EventData
{
    public static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    // Characters that stress CSV and JSON: separators, quotes, line breaks, escapes, non-ASCII and a surrogate pair.
    private static readonly string[] s_pieces =
        ["a", "b", "Z", "7", " ", ",", ";", "\"", "'", "\n", "\r\n", "\t", "\\", "{", "}", "é", "ß", "中", "😀", "|", "x y"];

    public static Gen<string> Text(int maxPieces) =>
        from n in Gen.Choose(1, maxPieces)
        from parts in Gen.ArrayOf(Gen.Elements(s_pieces), n)
        select string.Concat(parts);

    /// <summary>An id: sometimes plain, sometimes full of separators and quotes.</summary>
    public static Gen<string> Id => Gen.OneOf(
        Gen.Choose(0, 9999).Select(i => "u" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        Text(6));

    public static Gen<EventKind> Kind => Gen.OneOf(
        Gen.Elements(EventKind.WellKnown.ToArray()),
        Gen.Elements("wishlist", "Add_To_Cart", "hover", "VIEW").Select(s => EventKind.Parse(s)));

    public static Gen<float?> Value => Gen.OneOf(
        Gen.Constant<float?>(null),
        Gen.Elements<float?>(float.NaN, float.PositiveInfinity, float.NegativeInfinity, -1f, 0f, -0f, 4.5f, float.MaxValue, float.Epsilon),
        ArbMap.Default.GeneratorFor<int>().Select(bits => (float?)BitConverter.Int32BitsToSingle(bits)).Where(f => float.IsFinite(f!.Value)));

    public static Gen<DateTimeOffset> Timestamp =>
        from seconds in Gen.Choose(-400_000_000, 400_000_000)
        from ticks in Gen.Choose(0, 9_999_999)
        from quarterHours in Gen.Choose(-48, 56)
        select new DateTimeOffset(Start.UtcTicks + (seconds * TimeSpan.TicksPerSecond) + ticks, TimeSpan.Zero)
            .ToOffset(TimeSpan.FromMinutes(15 * quarterHours));

    /// <summary>Any event a writer must round-trip: text is absent or non-empty, because an empty cell means "none".</summary>
    public static Gen<InteractionEvent> Event =>
        from platform in Id
        from account in Id
        from item in Id
        from kind in Kind
        from value in Value
        from timestamp in Timestamp
        from text in Gen.OneOf(Gen.Constant<string?>(null), Text(12).Select(t => (string?)t))
        select new InteractionEvent(platform, account, item, kind, timestamp) { Value = value, Text = text };

    public static InteractionEvent At(string account, string item, EventKind kind, double minutes, float? value = null, string platform = "shop") =>
        new(platform, account, item, kind, Start.AddMinutes(minutes)) { Value = value };

    public static MemoryStream Utf8(string text, bool bom = false)
    {
        byte[] body = Encoding.UTF8.GetBytes(text);
        return new MemoryStream(bom ? [.. Encoding.UTF8.Preamble, .. body] : body);
    }
}

/// <summary>A clock that says what the test wants.</summary>
internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}

/// <summary>Finds ../shared/datasets beside the repository, as on the developers' machines and in CI.</summary>
internal static class Datasets
{
    public static string MovieLensSmall => Find("ml-latest-small");

    private static string Find(string name)
    {
        string? fromEnvironment = Environment.GetEnvironmentVariable("PROFILES_DATASETS");
        if (fromEnvironment is not null && Directory.Exists(Path.Combine(fromEnvironment, name)))
        {
            return Path.Combine(fromEnvironment, name);
        }

        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Profiles.Core.sln")))
            {
                string candidate = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "datasets", name));
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }

                break;
            }
        }

        throw new DirectoryNotFoundException(
            $"Dataset '{name}' not found: expected ../shared/datasets/{name} beside the repository, or set PROFILES_DATASETS.");
    }
}
