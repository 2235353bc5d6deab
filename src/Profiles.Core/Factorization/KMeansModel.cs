// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;

namespace Profiles.Core;

/// <summary>A k-means clustering, as computed by <see cref="KMeansTrainer"/>: centroids, the training rows' labels and the inertia trace.</summary>
/// <remarks>
/// <para><see cref="Centroids"/> is row-major <see cref="Clusters"/> x <see cref="Dimensions"/>, float32.</para>
/// <para>This type is immutable and thread-safe.</para>
/// </remarks>
public sealed class KMeansModel
{
    private readonly float[] _centroids;
    private readonly int[] _labels;
    private readonly double[] _history;

    internal KMeansModel(int clusters, int dimensions, float[] centroids, int[] labels, int iterations, double[] history)
    {
        Clusters = clusters;
        Dimensions = dimensions;
        _centroids = centroids;
        _labels = labels;
        Iterations = iterations;
        _history = history;
    }

    /// <summary>Gets the number of clusters <c>k</c>.</summary>
    public int Clusters { get; }

    /// <summary>Gets the number of dimensions of a row.</summary>
    public int Dimensions { get; }

    /// <summary>Gets the centroids, row-major <see cref="Clusters"/> x <see cref="Dimensions"/>.</summary>
    public ReadOnlyMemory<float> Centroids => _centroids;

    /// <summary>Gets the cluster of every training row: the nearest of the final <see cref="Centroids"/>.</summary>
    public ReadOnlyMemory<int> Labels => _labels;

    /// <summary>Gets the number of centroid updates (Lloyd iterations) run.</summary>
    public int Iterations { get; }

    /// <summary>
    /// Gets the inertia (sum of squared distances from the training rows to their centroid) after the initial assignment
    /// and after every iteration; it never increases (up to float rounding).
    /// </summary>
    public IReadOnlyList<double> InertiaHistory => _history;

    /// <summary>Gets the final inertia: the sum of squared distances from the training rows to their <see cref="Labels"/>' centroids.</summary>
    public double Inertia => _history[^1];

    /// <summary>Returns the cluster whose centroid is nearest to <paramref name="vector"/> (ties: the lowest index).</summary>
    /// <param name="vector">The row, of length <see cref="Dimensions"/>.</param>
    /// <returns>The cluster index.</returns>
    /// <exception cref="ArgumentException"><paramref name="vector"/> does not have <see cref="Dimensions"/> floats.</exception>
    public int Assign(ReadOnlySpan<float> vector)
    {
        if (vector.Length != Dimensions)
        {
            Throw.Argument(nameof(vector), $"The vector must have Dimensions = {Dimensions} floats; it has {vector.Length}.");
        }

        ref float x = ref MemoryMarshal.GetReference(vector);
        ref float c = ref MemoryMarshal.GetArrayDataReference(_centroids);
        return SimdMath.Width switch
        {
            SimdWidth.Vector512 => KMeansTrainer.Nearest<Vec512>(ref x, ref c, Clusters, Dimensions, out _, out _),
            SimdWidth.Vector256 => KMeansTrainer.Nearest<Vec256>(ref x, ref c, Clusters, Dimensions, out _, out _),
            SimdWidth.Vector128 => KMeansTrainer.Nearest<Vec128>(ref x, ref c, Clusters, Dimensions, out _, out _),
            _ => KMeansTrainer.Nearest<Vec1>(ref x, ref c, Clusters, Dimensions, out _, out _),
        };
    }

    /// <summary>
    /// Returns the clustering without training row <paramref name="row"/>: the other rows keep their labels, and every
    /// centroid is recomputed (in double) as the exact mean of its remaining members, so no centroid carries the removed
    /// row, even one the last reassignment moved away from. A cluster left without members is dropped and the clusters
    /// after it are renumbered (<paramref name="clusterMap"/>: old index to new, -1 for dropped); the inertia history is
    /// replaced by the inertia of the new clustering. Returns <see langword="null"/> when no row remains.
    /// </summary>
    /// <param name="row">The training row to remove.</param>
    /// <param name="data">The remaining training rows, row-major, in their order without <paramref name="row"/>.</param>
    /// <param name="clusterMap">Receives the old-to-new cluster map.</param>
    internal KMeansModel? WithoutRow(int row, ReadOnlySpan<float> data, out int[] clusterMap)
    {
        int d = Dimensions;
        int rows = _labels.Length - 1;
        var sums = new double[Clusters * d];
        var counts = new int[Clusters];
        for (int r = 0, from = 0; from < _labels.Length; from++)
        {
            if (from == row)
            {
                continue;
            }

            int c = _labels[from];
            counts[c]++;
            ReadOnlySpan<float> x = data.Slice(r * d, d);
            Span<double> sum = sums.AsSpan(c * d, d);
            for (int j = 0; j < d; j++)
            {
                sum[j] += x[j];
            }

            r++;
        }

        clusterMap = new int[Clusters];
        int kept = 0;
        for (int c = 0; c < Clusters; c++)
        {
            clusterMap[c] = counts[c] > 0 ? kept++ : -1;
        }

        if (kept == 0)
        {
            return null;
        }

        var centroids = new float[kept * d];
        for (int c = 0; c < Clusters; c++)
        {
            if (clusterMap[c] >= 0)
            {
                for (int j = 0; j < d; j++)
                {
                    centroids[(clusterMap[c] * d) + j] = (float)(sums[(c * d) + j] / counts[c]);
                }
            }
        }

        var labels = new int[rows];
        double inertia = 0;
        for (int r = 0, from = 0; from < _labels.Length; from++)
        {
            if (from == row)
            {
                continue;
            }

            labels[r] = clusterMap[_labels[from]];
            ReadOnlySpan<float> x = data.Slice(r * d, d);
            ReadOnlySpan<float> center = centroids.AsSpan(labels[r] * d, d);
            for (int j = 0; j < d; j++)
            {
                double delta = (double)x[j] - center[j];
                inertia += delta * delta;
            }

            r++;
        }

        return new KMeansModel(kept, d, centroids, labels, Iterations, [inertia]);
    }

    /// <summary>Writes the model in the versioned binary format (magic, version, kind, dimensions, payload, CRC-32).</summary>
    /// <param name="destination">The stream to write to.</param>
    /// <exception cref="ArgumentNullException"><paramref name="destination"/> is <see langword="null"/>.</exception>
    public void Save(Stream destination)
    {
        _ = Throw.IfNull(destination);
        var writer = new ModelWriter();
        writer.WriteInt32(Clusters);
        writer.WriteInt32(Dimensions);
        writer.WriteInt32(Iterations);
        writer.WriteInt32(_history.Length);
        writer.WriteDoubles(_history);
        writer.WriteSingles(_centroids);
        writer.WriteInt32(_labels.Length);
        foreach (int label in _labels)
        {
            writer.WriteInt32(label);
        }

        ModelFormat.Write(destination, ModelKind.KMeans, writer);
    }

    /// <summary>Reads a model written by <see cref="Save"/>.</summary>
    /// <param name="source">The stream to read from.</param>
    /// <returns>The model.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidDataException">The data is not a k-means model, is truncated or corrupted (the message says which).</exception>
    public static KMeansModel Load(Stream source)
    {
        ModelReader reader = ModelFormat.Read(Throw.IfNull(source), ModelKind.KMeans);
        int clusters = reader.ReadInt32("clusters", 1, int.MaxValue);
        int dimensions = reader.ReadInt32("dimensions", 1, int.MaxValue);
        int iterations = reader.ReadInt32("iterations", 0, int.MaxValue);
        int entries = reader.ReadInt32("inertia entries", 1, int.MaxValue);
        double[] history = reader.ReadDoubles(entries, "inertia history");
        float[] centroids = reader.ReadSingles((long)clusters * dimensions, "centroids");
        int rows = reader.ReadInt32("rows", 0, int.MaxValue);
        int[] labels = reader.ReadInt32s(rows, "labels", 0, clusters - 1);
        reader.End();
        return new KMeansModel(clusters, dimensions, centroids, labels, iterations, history);
    }
}
