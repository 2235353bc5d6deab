// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;

namespace Profiles.Core;

/// <summary>Normalises one person's scores over the eligible items (see <see cref="ScoreNormalization"/>).</summary>
internal static class ScoreNormalizer
{
    /// <summary>Normalises <paramref name="scores"/> in place over the items where <paramref name="eligible"/> is set; a
    /// non-finite eligible score counts as the smallest finite one; ineligible items become 0.</summary>
    public static void Normalize(Span<float> scores, ReadOnlySpan<bool> eligible, ScoreNormalization normalization)
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity, sum = 0, sumSquares = 0;
        int count = 0;
        for (int j = 0; j < scores.Length; j++)
        {
            float s = scores[j];
            if (eligible[j] && float.IsFinite(s))
            {
                min = Math.Min(min, s);
                max = Math.Max(max, s);
                sum += s;
                sumSquares += (double)s * s;
                count++;
            }
        }

        if (count == 0)
        {
            scores.Clear();
            return;
        }

        for (int j = 0; j < scores.Length; j++)
        {
            if (eligible[j] && !float.IsFinite(scores[j]))
            {
                scores[j] = (float)min;
                sum += min;
                sumSquares += min * min;
                count++;
            }
        }

        double shift, scale;
        if (normalization == ScoreNormalization.MinMax)
        {
            shift = min;
            scale = max > min ? 1d / (max - min) : 0d;
        }
        else
        {
            double mean = sum / count;
            double variance = Math.Max(0d, (sumSquares / count) - (mean * mean));
            shift = mean;
            scale = variance > 0 ? 1d / Math.Sqrt(variance) : 0d;
        }

        for (int j = 0; j < scores.Length; j++)
        {
            scores[j] = eligible[j] ? (float)((scores[j] - shift) * scale) : 0f;
        }
    }
}
