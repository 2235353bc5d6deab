// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.IO;
using System.Text;
using Xunit;

namespace Profiles.Core.Tests;

public class ModelSerializationTests
{
    private static SparseMatrix Small() => FactorTestData.RandomTriplets(2, 9, 7, 30, positive: true).ToMatrix();

    private static ImplicitAlsModel Als() => new ImplicitAlsTrainer(new ImplicitAlsOptions { Factors = 3, Iterations = 2 }).Fit(Small());

    private static SvdModel Svd() => new RandomizedSvd(new RandomizedSvdOptions { Rank = 3 }).Fit(Small());

    private static KMeansModel KMeans() => new KMeansTrainer(new KMeansOptions { Clusters = 3 }).Fit(FactorTestData.Gaussian(3, 40), 4);

    private static byte[] Bytes(Action<Stream> save)
    {
        using var stream = new MemoryStream();
        save(stream);
        return stream.ToArray();
    }

    [Fact]
    public void Crc32_MatchesTheStandardCheckValueAndTheBytewiseDefinition()
    {
        Assert.Equal(0xCBF43926u, Crc32.Compute("123456789"u8));
        Assert.Equal(0u, Crc32.Compute([]));
        var random = new FactorRandom(1);
        for (int length = 0; length < 40; length++)
        {
            var data = new byte[length];
            for (int i = 0; i < length; i++)
            {
                data[i] = (byte)random.NextInt(256);
            }

            uint crc = 0xFFFFFFFFu;
            foreach (byte b in data)
            {
                crc ^= b;
                for (int bit = 0; bit < 8; bit++)
                {
                    crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
                }
            }

            Assert.Equal(~crc, Crc32.Compute(data));
        }
    }

    [Fact]
    public void ImplicitAlsModel_RoundTrips()
    {
        ImplicitAlsModel model = Als();
        ImplicitAlsModel copy = ImplicitAlsModel.Load(new MemoryStream(Bytes(model.Save)));
        Assert.Equal((model.Users, model.Items, model.Rank, model.Regularization, model.Alpha), (copy.Users, copy.Items, copy.Rank, copy.Regularization, copy.Alpha));
        Assert.Equal(model.UserFactors.ToArray(), copy.UserFactors.ToArray());
        Assert.Equal(model.ItemFactors.ToArray(), copy.ItemFactors.ToArray());
        Assert.Equal(model.LossHistory, copy.LossHistory);
        Assert.Equal(Bytes(model.Save), Bytes(copy.Save));
    }

    [Fact]
    public void SvdModel_RoundTrips()
    {
        SvdModel model = Svd();
        SvdModel copy = SvdModel.Load(new MemoryStream(Bytes(model.Save)));
        Assert.Equal((model.Rows, model.Columns, model.Rank), (copy.Rows, copy.Columns, copy.Rank));
        Assert.Equal(model.U.ToArray(), copy.U.ToArray());
        Assert.Equal(model.V.ToArray(), copy.V.ToArray());
        Assert.Equal(model.SingularValues.ToArray(), copy.SingularValues.ToArray());
    }

    [Fact]
    public void KMeansModel_RoundTrips()
    {
        KMeansModel model = KMeans();
        KMeansModel copy = KMeansModel.Load(new MemoryStream(Bytes(model.Save)));
        Assert.Equal((model.Clusters, model.Dimensions, model.Iterations), (copy.Clusters, copy.Dimensions, copy.Iterations));
        Assert.Equal(model.Centroids.ToArray(), copy.Centroids.ToArray());
        Assert.Equal(model.Labels.ToArray(), copy.Labels.ToArray());
        Assert.Equal(model.InertiaHistory, copy.InertiaHistory);
    }

    [Fact]
    public void Load_TruncatedFile_IsRejected()
    {
        byte[] bytes = Bytes(Als().Save);
        foreach (int length in new[] { 0, 2, 4, 10, 15, 16, 17, bytes.Length / 2, bytes.Length - 4, bytes.Length - 1 })
        {
            var error = Assert.Throws<InvalidDataException>(() => ImplicitAlsModel.Load(new MemoryStream(bytes, 0, length)));
            Assert.True(error.Message.Contains("truncated", StringComparison.Ordinal) || error.Message.Contains("not a Profiles.Core model", StringComparison.Ordinal), error.Message);
        }

        // A non-seekable stream takes the other path.
        var partial = new NonSeekableStream(bytes.AsSpan(0, bytes.Length - 3).ToArray());
        Assert.Contains("truncated", Assert.Throws<InvalidDataException>(() => ImplicitAlsModel.Load(partial)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_AnyFlippedByte_IsRejected()
    {
        (byte[] Bytes, Action<Stream> Load)[] cases =
        [
            (Bytes(Als().Save), s => ImplicitAlsModel.Load(s)),
            (Bytes(Svd().Save), s => SvdModel.Load(s)),
            (Bytes(KMeans().Save), s => KMeansModel.Load(s)),
        ];
        foreach ((byte[] bytes, Action<Stream> load) in cases)
        {
            load(new MemoryStream(bytes));
            for (int position = 0; position < bytes.Length; position++)
            {
                byte[] corrupted = (byte[])bytes.Clone();
                corrupted[position] ^= (byte)(1 << (position % 8));
                Assert.Throws<InvalidDataException>(() => load(new MemoryStream(corrupted)));
            }
        }

        byte[] svd = Bytes(Svd().Save);
        svd[20] ^= 0x10;
        Assert.Contains("corrupted", Assert.Throws<InvalidDataException>(() => SvdModel.Load(new MemoryStream(svd))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_OtherKindOrNotAModel_IsRejectedWithTheReason()
    {
        byte[] svd = Bytes(Svd().Save);
        Assert.Contains("SvdModel", Assert.Throws<InvalidDataException>(() => KMeansModel.Load(new MemoryStream(svd))).Message, StringComparison.Ordinal);
        Assert.Contains("magic", Assert.Throws<InvalidDataException>(() => SvdModel.Load(new MemoryStream(Encoding.UTF8.GetBytes("hello, not a model at all")))).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentNullException>("source", () => SvdModel.Load(null!));
    }

    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    }
}
