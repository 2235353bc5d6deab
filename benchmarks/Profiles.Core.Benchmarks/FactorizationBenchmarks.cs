// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using BenchmarkDotNet.Attributes;

namespace Profiles.Core.Benchmarks;

/// <summary>
/// The factorization engine on a MovieLens-1M-shaped matrix (<see cref="FactorData"/>) and on 10x the users: one ALS
/// iteration (64 factors, 3 CG steps), randomized SVD (k = 64, p = 10, q = 4), k-means (k = 20) and cosine kNN
/// (k = 20, all rows) on the 64-d SVD embedding. All threads. <c>factor</c> compares the same operations with
/// scikit-learn in one run.
/// </summary>
[MemoryDiagnoser]
public class FactorizationBenchmarks
{
    private SparseMatrix _matrix = null!;
    private float[] _embedding = null!;

    [Params(1, 10)]
    public int Scale { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _matrix = FactorData.MovieLensShaped(Scale);
        _embedding = FactorData.Embedding(new RandomizedSvd(new RandomizedSvdOptions { Rank = 64 }).Fit(_matrix));
    }

    [Benchmark(Description = "ALS iteration (64 factors)")]
    public ImplicitAlsModel AlsIteration() => new ImplicitAlsTrainer(new ImplicitAlsOptions { Factors = 64, Iterations = 1 }).Fit(_matrix);

    [Benchmark(Description = "randomized SVD k=64")]
    public SvdModel Svd() => new RandomizedSvd(new RandomizedSvdOptions { Rank = 64 }).Fit(_matrix);

    [Benchmark(Description = "k-means k=20 (64-d)")]
    public KMeansModel KMeans() => new KMeansTrainer(new KMeansOptions { Clusters = 20 }).Fit(_embedding, 64);

    [Benchmark(Description = "cosine kNN k=20, all rows (64-d)")]
    public NeighborList Neighbors() => new NearestNeighbors(new NearestNeighborsOptions { Neighbors = 20 }).Search(_embedding, 64);
}
