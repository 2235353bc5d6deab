// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using BenchmarkDotNet.Attributes;

namespace Profiles.Core.Benchmarks;

/// <summary>The selection alone: top-10 of one user's precomputed scores (uniform in [0, 1)), with and without a seen list.</summary>
public class TopKSelectBenchmarks
{
    private const int K = 10;
    private readonly int[] _indices = new int[K];
    private readonly float[] _topScores = new float[K];
    private float[] _scores = [];
    private int[] _seen = [];

    [Params(100_000)]
    public int Items { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(5);
        _scores = new float[Items];
        for (int j = 0; j < _scores.Length; j++)
        {
            _scores[j] = (float)random.NextDouble();
        }

        // Every 50th item seen: 2,000 sorted indices.
        _seen = new int[Items / 50];
        for (int i = 0; i < _seen.Length; i++)
        {
            _seen[i] = i * 50;
        }
    }

    [Benchmark(Baseline = true, Description = "Select top-10")]
    public int Select() => TopK.Select(_scores, K, _indices, _topScores);

    [Benchmark(Description = "Select top-10, 2% seen")]
    public int SelectSeen() => TopK.Select(_scores, K, _indices, _topScores, _seen);
}
