// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Linq;
using System.Runtime.Intrinsics;
using Xunit;

namespace Profiles.Core.Tests;

[Trait("Category", "Numerics")]
public class KMeansTests
{
    /// <summary><paramref name="blobs"/> Gaussian blobs of <paramref name="perBlob"/> rows in <paramref name="d"/> dimensions, centres <paramref name="spread"/> apart.</summary>
    private static float[] Blobs(int blobs, int perBlob, int d, double spread, ulong seed, out int[] truth)
    {
        var random = new FactorRandom(seed);
        var centres = new double[blobs * d];
        for (int i = 0; i < centres.Length; i++)
        {
            centres[i] = random.NextGaussian() * spread;
        }

        var data = new float[blobs * perBlob * d];
        truth = new int[blobs * perBlob];
        for (int i = 0; i < blobs * perBlob; i++)
        {
            int blob = (int)((i * 7919L) % blobs);
            truth[i] = blob;
            for (int j = 0; j < d; j++)
            {
                data[(i * d) + j] = (float)(centres[(blob * d) + j] + random.NextGaussian());
            }
        }

        return data;
    }

    [Theory]
    [InlineData(3, 1)]
    [InlineData(7, 2)]
    [InlineData(20, 3)]
    public void Fit_InertiaNeverIncreases(int clusters, ulong seed)
    {
        // Overlapping blobs: many iterations, clusters exchange rows for a while.
        float[] data = Blobs(12, 150, 10, 1.5, seed, out _);
        var reported = new System.Collections.Generic.List<KMeansProgress>();
        KMeansModel model = new KMeansTrainer(new KMeansOptions { Clusters = clusters, Tolerance = 0, Seed = (int)seed })
            .Fit(data, 10, new SynchronousProgress<KMeansProgress>(reported.Add));

        Assert.Equal(model.InertiaHistory, reported.Select(p => p.Inertia));
        Assert.Equal(new KMeansProgress(model.Iterations, 300, model.Inertia), reported[^1]);
        Assert.True(model.Iterations >= 3, $"only {model.Iterations} iterations: the test needs a longer run");
        Assert.Equal(model.Iterations + 1, model.InertiaHistory.Count);
        for (int i = 1; i < model.InertiaHistory.Count; i++)
        {
            Assert.True(model.InertiaHistory[i] <= model.InertiaHistory[i - 1] * (1 + 1e-6), $"inertia rose at iteration {i}: {model.InertiaHistory[i - 1]} -> {model.InertiaHistory[i]}");
        }

        // The final inertia is the inertia of the labels against the centroids, and the labels are nearest centroids.
        double inertia = 0;
        for (int r = 0; r < data.Length / 10; r++)
        {
            float[] row = data.AsSpan(r * 10, 10).ToArray();
            double[] distances = Enumerable.Range(0, clusters).Select(c => SquaredDistance(row, model.Centroids.Span.Slice(c * 10, 10))).ToArray();
            int label = model.Labels.Span[r];
            Assert.True(distances[label] <= distances.Min() * (1 + 1e-5) + 1e-9, $"row {r} is not in its nearest cluster");
            Assert.Equal(label, model.Assign(row));
            inertia += distances[label];
        }

        Assert.True(Math.Abs(inertia - model.Inertia) <= 1e-5 * inertia, $"inertia {model.Inertia}, recomputed {inertia}");
    }

    [Fact]
    public void Fit_SameSeed_SameClustersOnAnyThreadCount()
    {
        float[] data = Blobs(10, 400, 16, 2, 5, out _);
        KMeansModel one = new KMeansTrainer(new KMeansOptions { Clusters = 10, Seed = 3, MaxDegreeOfParallelism = 1 }).Fit(data, 16);
        KMeansModel many = new KMeansTrainer(new KMeansOptions { Clusters = 10, Seed = 3, MaxDegreeOfParallelism = 4 }).Fit(data, 16);
        Assert.Equal(one.Centroids.ToArray(), many.Centroids.ToArray());
        Assert.Equal(one.Labels.ToArray(), many.Labels.ToArray());
        Assert.Equal(one.InertiaHistory, many.InertiaHistory);
    }

    [Fact]
    public void Fit_WellSeparatedBlobs_AreRecovered()
    {
        float[] data = Blobs(6, 200, 8, 30, 9, out int[] truth);
        KMeansModel model = new KMeansTrainer(new KMeansOptions { Clusters = 6, Seed = 1 }).Fit(data, 8);

        // Each blob maps to one cluster and each cluster to one blob.
        var mapping = new int[6];
        Array.Fill(mapping, -1);
        for (int i = 0; i < truth.Length; i++)
        {
            int label = model.Labels.Span[i];
            if (mapping[truth[i]] < 0)
            {
                mapping[truth[i]] = label;
            }

            Assert.Equal(mapping[truth[i]], label);
        }

        Assert.Equal(6, mapping.Distinct().Count());

        // Inertia is about rows x d (unit variance around each centre).
        Assert.InRange(model.Inertia / (truth.Length * 8), 0.85, 1.1);
    }

    [Fact]
    public void Fit_BadInput_Throws()
    {
        var trainer = new KMeansTrainer(new KMeansOptions { Clusters = 3 });
        Assert.Throws<ArgumentException>("data", () => trainer.Fit(new float[4], 2));
        Assert.Throws<ArgumentException>("data", () => trainer.Fit(new float[7], 2));
        Assert.Throws<ArgumentException>("data", () => trainer.Fit(new[] { 1f, 2f, float.NaN, 4f, 5f, 6f }, 2));
        Assert.Throws<ArgumentOutOfRangeException>("dimensions", () => trainer.Fit(new float[6], 0));
        Assert.Throws<ArgumentOutOfRangeException>("value", () => new KMeansOptions { Tolerance = double.NaN });
        Assert.Throws<ArgumentException>("vector", () => new KMeansTrainer(new KMeansOptions { Clusters = 1 }).Fit(new float[4], 2).Assign(new float[3]));
    }

    [Fact]
    public void Fit_DuplicateRows_HandlesEmptyClusters()
    {
        // Fewer distinct rows than clusters: some clusters must stay empty or be relocated without failing.
        var data = new float[40];
        for (int i = 0; i < 20; i++)
        {
            data[2 * i] = i % 2;
        }

        KMeansModel model = new KMeansTrainer(new KMeansOptions { Clusters = 4 }).Fit(data, 2);
        Assert.Equal(0, model.Inertia, 9);
    }

    [Fact]
    public void SquaredDistance4_EqualsSquaredDistanceBitwise_AtEveryLength()
    {
        for (int length = 1; length <= 70; length++)
        {
            float[] x = FactorTestData.Gaussian((ulong)length, length);
            float[] c = FactorTestData.Gaussian((ulong)length + 1000, 4 * length);
            float[] four = Distances4(x, c, length);
            for (int j = 0; j < 4; j++)
            {
                float single = Distance(x, c.AsSpan(j * length, length).ToArray(), length);
                Assert.Equal(single, four[j]);
                Assert.True(Math.Abs(single - SquaredDistance(x, c.AsSpan(j * length, length))) <= 1e-5 * single, $"length {length}");
            }
        }
    }

    private static float Distance(float[] x, float[] y, int n) => SimdMath.Width switch
    {
        SimdWidth.Vector512 => KMeansTrainer.SquaredDistance<Vec512>(ref x[0], ref y[0], n),
        SimdWidth.Vector256 => KMeansTrainer.SquaredDistance<Vec256>(ref x[0], ref y[0], n),
        SimdWidth.Vector128 => KMeansTrainer.SquaredDistance<Vec128>(ref x[0], ref y[0], n),
        _ => KMeansTrainer.SquaredDistance<Vec1>(ref x[0], ref y[0], n),
    };

    private static float[] Distances4(float[] x, float[] c, int n)
    {
        Vector128<float> v = SimdMath.Width switch
        {
            SimdWidth.Vector512 => KMeansTrainer.SquaredDistance4<Vec512>(ref x[0], ref c[0], ref c[n], ref c[2 * n], ref c[3 * n], n),
            SimdWidth.Vector256 => KMeansTrainer.SquaredDistance4<Vec256>(ref x[0], ref c[0], ref c[n], ref c[2 * n], ref c[3 * n], n),
            SimdWidth.Vector128 => KMeansTrainer.SquaredDistance4<Vec128>(ref x[0], ref c[0], ref c[n], ref c[2 * n], ref c[3 * n], n),
            _ => KMeansTrainer.SquaredDistance4<Vec1>(ref x[0], ref c[0], ref c[n], ref c[2 * n], ref c[3 * n], n),
        };
        return [v.GetElement(0), v.GetElement(1), v.GetElement(2), v.GetElement(3)];
    }

    private static double SquaredDistance(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            sum += (x[i] - (double)y[i]) * (x[i] - (double)y[i]);
        }

        return sum;
    }
}
