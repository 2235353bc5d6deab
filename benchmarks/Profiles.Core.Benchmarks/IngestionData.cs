// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Globalization;
using System.Text;

namespace Profiles.Core.Benchmarks;

/// <summary>A realistic event log as CSV text in memory: three platforms, Zipf-skewed items, mixed kinds, ratings and
/// dwells with values, some comment text, about 1% duplicates; timestamps in order as exported logs usually are.</summary>
public static class IngestionData
{
    public static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static string Csv(int events, int accounts = 50_000, int items = 20_000, int seed = 11)
    {
        var random = new Random(seed);
        string[] platforms = ["shop", "social", "news"];
        string[] kinds = ["view", "view", "view", "click", "like", "add-to-cart", "purchase", "rating", "dwell", "comment", "share"];
        string[] words = ["great", "fit", "late", "love", "meh", "again", "gift", "broken", "fast", "ok"];
        var text = new StringBuilder(events * 64);
        text.Append("platform,account,item,kind,value,timestamp,text\n");
        long seconds = 0;
        CultureInfo c = CultureInfo.InvariantCulture;
        for (int i = 0; i < events; i++)
        {
            string platform = platforms[random.Next(platforms.Length)];
            int account = random.Next(accounts);
            int item = (int)(items * Math.Pow(random.NextDouble(), 3)); // skewed towards popular items
            string kind = kinds[random.Next(kinds.Length)];
            seconds += random.Next(3);
            int lineStart = text.Length;
            text.Append(c, $"{platform},a{account},{platform[0]}{item},{kind},");
            if (kind == "rating")
            {
                text.Append(c, $"{1 + (random.Next(9) * 0.5):0.0}");
            }
            else if (kind == "dwell")
            {
                text.Append(c, $"{random.Next(1, 600)}");
            }

            text.Append(',').Append(Start.AddSeconds(seconds).ToString("O", c)).Append(',');
            if (kind == "comment")
            {
                text.Append('"').Append(words[random.Next(words.Length)]).Append(", ").Append(words[random.Next(words.Length)]).Append('"');
            }

            text.Append('\n');
            if (random.Next(100) == 0)
            {
                // An exact re-send of the previous row, as at-least-once pipelines produce.
                text.Append(text.ToString(lineStart, text.Length - lineStart));
                i++;
            }
        }

        return text.ToString();
    }
}
