// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System.Collections.Generic;
using BenchmarkDotNet.Attributes;

namespace Profiles.Core.Benchmarks;

/// <summary>Loss and gradient for 256 users at once against 100k x 64 items, on one and two threads.</summary>
public class BatchedFusionBenchmarks
{
    private float[] _items = [];
    private float[] _users = [];
    private float[] _texts = [];
    private float[] _gradients = [];
    private FusionLoss[] _losses = [];

    public static IEnumerable<Shape> Shapes => [new Shape(256, 100_000, 64)];

    [ParamsSource(nameof(Shapes))]
    public Shape Shape { get; set; } = new(256, 100_000, 64);

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var data = PeerData.Batched(Shape.Users, Shape.Items, Shape.Dimensions, seed: 2);
        _items = data.Items;
        _users = data.Users;
        _texts = data.Texts;
        _gradients = new float[Shape.Users * Shape.Dimensions];
        _losses = new FusionLoss[Shape.Users];
    }

    [Benchmark(Description = "batched one-pass SIMD")]
    public double Batched()
    {
        FusionKernel.LossAndGradientBatch(_items, Shape.Dimensions, _users, _texts, default, new FusionObjective(1f), _gradients, _losses, Threads);
        return _losses[0].Total;
    }
}
