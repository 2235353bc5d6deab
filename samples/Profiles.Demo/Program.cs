// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

// The main job (work in progress): until the full pipeline lands, the demo runs the profile-fusion stage on a
// seeded random world: item vectors C, behaviour profiles B and text profiles T, fused by minimising
// ||U - T||^2 + alpha ||U - B||^2 + lambda * sum softmax(C U)^2 with the SIMD one-pass kernel.

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using Profiles.Core;

CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
const int items = 20_000, dimensions = 32, persons = 2_000, seed = 42;
var random = new Random(seed);

Console.WriteLine("Profiles.Core demo: profile fusion with the one-pass SIMD kernel");
Console.WriteLine($"  {items:N0} items x {dimensions} dimensions, {persons:N0} persons, seed {seed}");

// 1. The corrected worked example of docs/math.md.
float[] logits = [1, 2, 3, 4, 5];
var p = new float[5];
FusionKernel.Softmax(logits, p);
Console.WriteLine($"  worked example: softmax([1..5]) = [{string.Join(", ", p.Select(x => x.ToString("F6", CultureInfo.InvariantCulture)))}], S = {FusionKernel.CollisionProbability(logits):F6}");

// 2. A seeded world: items of unit scale, behaviour profiles with sharp tastes, noisy text profiles.
float[] itemVectors = Uniform(items * dimensions, MathF.Sqrt(3f / dimensions));
float[] behaviours = Uniform(persons * dimensions, 8f * MathF.Sqrt(3f / dimensions));
float[] texts = new float[persons * dimensions];
for (int i = 0; i < texts.Length; i++)
{
    texts[i] = (0.7f * behaviours[i]) + (0.5f * ((random.NextSingle() * 2f) - 1f));
}

// 3. Fuse everyone, in batches that share each read of the item matrix, with progress.
var fusion = new ProfileFusion(new ProfileFusionOptions { Lambda = 25f, Alpha = 0.5f, MaxIterations = 50 });
var progress = new ConsoleProgress();
var clock = Stopwatch.StartNew();
IReadOnlyList<FusionResult> results = fusion.FuseBatch(itemVectors, dimensions, texts, behaviours, progress);
clock.Stop();
Console.WriteLine();

double startLoss = results.Average(r => r.LossTrace[0]);
double endLoss = results.Average(r => r.Loss);
double startS = 0, endS = 0;
var gradient = new float[dimensions];
for (int i = 0; i < persons; i++)
{
    startS += FusionKernel.LossAndGradient(itemVectors, dimensions, behaviours.AsSpan(i * dimensions, dimensions), texts.AsSpan(i * dimensions, dimensions), 25f, gradient).Collision;
    endS += FusionKernel.LossAndGradient(itemVectors, dimensions, results[i].Vector.Span, texts.AsSpan(i * dimensions, dimensions), 25f, gradient).Collision;
}

Console.WriteLine($"  fused {persons:N0} persons in {clock.Elapsed.TotalSeconds:F2} s ({results.Sum(r => r.Evaluations):N0} loss+gradient evaluations)");
Console.WriteLine($"  mean loss {startLoss:F4} -> {endLoss:F4}; mean collision probability S {startS / persons:F5} -> {endS / persons:F5} (1/n = {1.0 / items:F5})");
Console.WriteLine($"  mean iterations {results.Average(r => r.Iterations):F1}; stop reasons: " +
    string.Join(", ", results.GroupBy(r => r.StopReason).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}")));
Console.WriteLine($"  every loss trace non-increasing: {results.All(r => r.LossTrace.Zip(r.LossTrace.Skip(1)).All(t => t.Second <= t.First))}");
return 0;

float[] Uniform(int length, float scale)
{
    var values = new float[length];
    for (int i = 0; i < length; i++)
    {
        values[i] = ((random.NextSingle() * 2f) - 1f) * scale;
    }

    return values;
}

/// <summary>Prints a one-line progress bar (Progress&lt;T&gt; would report on the thread pool, out of order).</summary>
internal sealed class ConsoleProgress : IProgress<FusionProgress>
{
    public void Report(FusionProgress value)
    {
        int width = 30;
        int done = value.Total == 0 ? width : value.Completed * width / value.Total;
        Console.Write($"\r  fusing [{new string('#', done)}{new string('.', width - done)}] {value.Completed:N0}/{value.Total:N0}");
    }
}
