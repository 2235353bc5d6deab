// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Profiles.Core;

/// <content>The plain-text rendering.</content>
public sealed partial class EvaluationReport
{
    private static readonly string[] s_comparisonHeader = ["metric", "candidate - baseline", "difference", "interval", "excludes 0"];

    /// <summary>Renders the report as plain text: the settings, a table of metrics by system (value [interval]), the
    /// comparisons, and a note for any system that recommended training items or repeats.</summary>
    /// <returns>The text, with columns aligned for a fixed-width font.</returns>
    public string ToText()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Evaluation: {Split.Description}");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"  {Count(Split.Events)} events: {Count(Split.TrainEvents)} train, {Count(Split.TestEvents)} held out; {Count(Split.Users)} users, " +
            $"{Count(Split.TestUsers)} evaluated with {Count(Split.TestPositives)} positives; catalogue {Count(CatalogSize)} items");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"  K = {Cutoff.ToString(CultureInfo.InvariantCulture)}; {MapNote}; {Level} percentile bootstrap intervals over users " +
            $"(B = {Count(BootstrapSamples)}, seed {Seed.ToString(CultureInfo.InvariantCulture)})");
        text.AppendLine();

        var rows = new List<string[]>();
        var header = new string[Systems.Count + 1];
        header[0] = "metric";
        for (int s = 0; s < Systems.Count; s++)
        {
            header[s + 1] = Systems[s].Name;
        }

        rows.Add(header);
        foreach (RankingMetric metric in s_metrics)
        {
            var row = new string[Systems.Count + 1];
            row[0] = Label(metric);
            for (int s = 0; s < Systems.Count; s++)
            {
                ConfidenceInterval value = Systems[s].Metrics[metric];
                row[s + 1] = $"{Number(value.Estimate)} [{Number(value.Lower)}, {Number(value.Upper)}]";
            }

            rows.Add(row);
        }

        AppendTable(text, rows);
        if (Comparisons.Count > 0)
        {
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"Paired differences (candidate - baseline), {Level} bootstrap intervals:");
            var comparisonRows = new List<string[]> { (string[])s_comparisonHeader.Clone() };
            foreach (SystemComparison c in Comparisons)
            {
                comparisonRows.Add(
                [
                    Label(c.Metric), $"{c.Candidate} - {c.Baseline}", Signed(c.Difference.Estimate),
                    $"[{Signed(c.Difference.Lower)}, {Signed(c.Difference.Upper)}]", c.Difference.ExcludesZero ? "yes" : "no",
                ]);
            }

            AppendTable(text, comparisonRows);
        }

        foreach (SystemEvaluation system in Systems)
        {
            if (system.TrainingItemsRecommended > 0)
            {
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"Warning: '{system.Name}' recommended {Count(system.TrainingItemsRecommended)} training items to {Count(system.UsersWithTrainingItems)} users (never hits).");
            }

            if (system.DuplicatesRecommended > 0)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"Warning: '{system.Name}' repeated items {Count(system.DuplicatesRecommended)} times in its top K.");
            }
        }

        return text.ToString();
    }

    private static void AppendTable(StringBuilder text, List<string[]> rows)
    {
        int columns = rows[0].Length;
        var widths = new int[columns];
        foreach (string[] row in rows)
        {
            for (int c = 0; c < columns; c++)
            {
                widths[c] = Math.Max(widths[c], row[c].Length);
            }
        }

        foreach (string[] row in rows)
        {
            var line = new StringBuilder();
            for (int c = 0; c < columns; c++)
            {
                line.Append(c == columns - 1 ? row[c] : row[c].PadRight(widths[c] + 2));
            }

            text.AppendLine(line.ToString().TrimEnd());
        }
    }
}
