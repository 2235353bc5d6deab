// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using BenchmarkDotNet.Attributes;

namespace Profiles.Core.Benchmarks;

/// <summary>Loss and gradient for one user: the float64 scalar reference, the two-pass and the one-pass SIMD kernels.</summary>
public class FusionKernelBenchmarks
{
    private float[] _items = [];
    private float[] _user = [];
    private float[] _text = [];
    private double[] _userDouble = [];
    private double[] _textDouble = [];
    private float[] _gradient = [];
    private double[] _gradientDouble = [];
    private float[] _scratch = [];

    public static IEnumerable<Shape> Shapes =>
    [
        new Shape(1, 10_000, 64),
        new Shape(1, 100_000, 64),
        new Shape(1, 1_000_000, 64),
        new Shape(1, 100_000, 256),
    ];

    [ParamsSource(nameof(Shapes))]
    public Shape Shape { get; set; } = new(1, 10_000, 64);

    [GlobalSetup]
    public void Setup()
    {
        var data = PeerData.OneUser(Shape.Items, Shape.Dimensions, seed: 1);
        _items = data.Items;
        _user = data.User;
        _text = data.Text;
        _userDouble = Array.ConvertAll(_user, x => (double)x);
        _textDouble = Array.ConvertAll(_text, x => (double)x);
        _gradient = new float[Shape.Dimensions];
        _gradientDouble = new double[Shape.Dimensions];
        _scratch = new float[Shape.Items];
    }

    [Benchmark(Description = "scalar float64 reference")]
    public double Reference() =>
        FusionReference.LossAndGradient(_items, Shape.Dimensions, _userDouble, _textDouble, default, 1.0, 0.0, _gradientDouble).Total;

    [Benchmark(Description = "two-pass SIMD")]
    public double TwoPass() =>
        FusionKernel.LossAndGradientTwoPass(_items, Shape.Dimensions, _user, _text, default, new FusionObjective(1f), _gradient, default, _scratch).Total;

    [Benchmark(Baseline = true, Description = "one-pass SIMD")]
    public double OnePass() =>
        FusionKernel.LossAndGradient(_items, Shape.Dimensions, _user, _text, default, new FusionObjective(1f), _gradient, default).Total;
}
