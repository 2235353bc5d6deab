// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System.Collections.Generic;
using BenchmarkDotNet.Attributes;

namespace Profiles.Core.Benchmarks;

/// <summary>
/// The top-K kernel: top-10 of 1,000 users against 100k x 64 items (inner product, fused with the selection), on one and
/// two threads. The faiss comparison is the <c>topk</c> command (TopKMeasure); the selection alone is
/// <see cref="TopKSelectBenchmarks"/>.
/// </summary>
public class TopKBenchmarks
{
    private const int K = 10;
    private float[] _users = [];
    private float[] _items = [];
    private int[] _indices = [];
    private float[] _topScores = [];

    public static IEnumerable<Shape> Shapes => [new Shape(1000, 100_000, 64)];

    [ParamsSource(nameof(Shapes))]
    public Shape Shape { get; set; } = new(1000, 100_000, 64);

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var data = PeerData.Batched(Shape.Users, Shape.Items, Shape.Dimensions, seed: 4);
        _users = data.Users;
        _items = data.Items;
        _indices = new int[Shape.Users * K];
        _topScores = new float[Shape.Users * K];
    }

    [Benchmark(Description = "Search top-10 (users/call = Shape.Users)")]
    public int Search()
    {
        TopK.Search(_users, _items, Shape.Dimensions, K, _indices, _topScores, maxDegreeOfParallelism: Threads);
        return _indices[0];
    }
}
