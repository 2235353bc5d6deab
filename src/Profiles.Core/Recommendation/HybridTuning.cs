// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Profiles.Core;

/// <summary>The result of <see cref="HybridTuner.TuneAsync"/>: the chosen weights and the whole grid with each point's
/// validation NDCG.</summary>
/// <remarks><para>This type is immutable and thread-safe.</para></remarks>
public sealed class HybridTuning
{
    internal HybridTuning(IReadOnlyList<string> components, IReadOnlyList<HybridGridPoint> grid, int best, int validationUsers, int cutoff,
        ScoreNormalization normalization, EvaluationSplitMetadata validation)
    {
        Components = components;
        Grid = grid;
        Best = grid[best];
        ValidationUsers = validationUsers;
        Cutoff = cutoff;
        Normalization = normalization;
        Validation = validation;
    }

    /// <summary>Gets the components' names, in weight order.</summary>
    public IReadOnlyList<string> Components { get; }

    /// <summary>Gets every grid point tried, in grid order.</summary>
    public IReadOnlyList<HybridGridPoint> Grid { get; }

    /// <summary>Gets the best point (the first of the best, in grid order).</summary>
    public HybridGridPoint Best { get; }

    /// <summary>Gets the chosen weights (those of <see cref="Best"/>).</summary>
    public IReadOnlyList<double> Weights => Best.Weights;

    /// <summary>Gets the number of validation users scored.</summary>
    public int ValidationUsers { get; }

    /// <summary>Gets the K of the NDCG@K.</summary>
    public int Cutoff { get; }

    /// <summary>Gets the score normalisation used.</summary>
    public ScoreNormalization Normalization { get; }

    /// <summary>Gets how the validation split was made from the training data.</summary>
    public EvaluationSplitMetadata Validation { get; }

    /// <summary>Formats the grid as a plain-text table, best point marked.</summary>
    /// <returns>The table.</returns>
    public string ToText()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"hybrid weights tuned on {Validation.Description} of the training data: {ValidationUsers} validation users, NDCG@{Cutoff}, {Normalization} normalisation");
        text.AppendLine();
        foreach (string name in Components)
        {
            text.Append(CultureInfo.InvariantCulture, $"{name,12}");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"{"NDCG",10}");
        foreach (HybridGridPoint point in Grid)
        {
            foreach (double w in point.Weights)
            {
                text.Append(CultureInfo.InvariantCulture, $"{w,12:0.00}");
            }

            text.Append(CultureInfo.InvariantCulture, $"{point.Ndcg,10:0.0000}");
            text.AppendLine(ReferenceEquals(point, Best) ? "  <- best" : string.Empty);
        }

        return text.ToString();
    }
}
