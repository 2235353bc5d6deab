// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Buffers;
using System.Buffers.Binary;
using System.IO;
using System.Runtime.InteropServices;

namespace Profiles.Core;

/// <summary>The kinds of model the binary format holds; the number is stored in the header.</summary>
internal enum ModelKind : ushort
{
    /// <summary>An <see cref="ImplicitAlsModel"/>.</summary>
    ImplicitAls = 1,

    /// <summary>An <see cref="SvdModel"/>.</summary>
    Svd = 2,

    /// <summary>A k-means model.</summary>
    KMeans = 3,
}

/// <summary>
/// The versioned binary format of the factorization models, all little-endian:
/// <c>magic "PCFM" (4 bytes) | format version (uint16) | model kind (uint16) | payload length (int64) | payload | CRC-32 (uint32)</c>,
/// where the CRC-32 covers every byte before it. The payload is the model's own fields (dimensions first).
/// </summary>
internal static class ModelFormat
{
    /// <summary>The format version this library writes and reads.</summary>
    public const ushort Version = 1;

    /// <summary>The header's length in bytes.</summary>
    public const int HeaderLength = 16;

    private static ReadOnlySpan<byte> Magic => "PCFM"u8;

    /// <summary>Writes the header, <paramref name="payload"/> and the checksum to <paramref name="destination"/>.</summary>
    public static void Write(Stream destination, ModelKind kind, ModelWriter payload)
    {
        _ = Throw.IfNull(destination);
        Span<byte> header = stackalloc byte[HeaderLength];
        Magic.CopyTo(header);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], Version);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], (ushort)kind);
        ReadOnlySpan<byte> body = payload.WrittenSpan;
        BinaryPrimitives.WriteInt64LittleEndian(header[8..], body.Length);
        uint crc = ~Crc32.Append(Crc32.Append(0xFFFFFFFFu, header), body);
        Span<byte> trailer = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(trailer, crc);
        destination.Write(header);
        destination.Write(body);
        destination.Write(trailer);
    }

    /// <summary>
    /// Reads one model of kind <paramref name="expected"/> from <paramref name="source"/>, checking the magic bytes, the
    /// length, the checksum, the version and the kind, and returns a reader over its payload.
    /// </summary>
    /// <exception cref="InvalidDataException">The data is not such a model, is truncated or is corrupted.</exception>
    public static ModelReader Read(Stream source, ModelKind expected)
    {
        _ = Throw.IfNull(source);
        Span<byte> header = stackalloc byte[HeaderLength];
        int got = ReadFully(source, header);
        if (got < Magic.Length || !header[..Magic.Length].SequenceEqual(Magic))
        {
            throw new InvalidDataException(got < Magic.Length
                ? $"The data is not a Profiles.Core model: it holds {got} bytes, fewer than the 4 magic bytes."
                : "The data is not a Profiles.Core model: the magic bytes 'PCFM' are missing.");
        }

        if (got < HeaderLength)
        {
            throw new InvalidDataException($"The model file is truncated: the header needs {HeaderLength} bytes, found {got}.");
        }

        long length = BinaryPrimitives.ReadInt64LittleEndian(header[8..]);
        if (length < 0 || length > Array.MaxLength)
        {
            throw new InvalidDataException($"The model file is corrupted: the header declares a payload of {length} bytes.");
        }

        if (source.CanSeek && source.Length - source.Position < length + 4)
        {
            throw new InvalidDataException(
                $"The model file is truncated: the header declares {length} payload bytes and a 4-byte checksum, but only {source.Length - source.Position} bytes follow.");
        }

        // Read in chunks so that a corrupted length cannot make us allocate more than the data really holds.
        using var body = new MemoryStream();
        byte[] buffer = new byte[81920];
        long remaining = length + 4;
        while (remaining > 0)
        {
            int read = source.Read(buffer, 0, (int)Math.Min(buffer.Length, remaining));
            if (read == 0)
            {
                throw new InvalidDataException(
                    $"The model file is truncated: the header declares {length} payload bytes and a 4-byte checksum, but only {length + 4 - remaining} bytes follow.");
            }

            body.Write(buffer, 0, read);
            remaining -= read;
        }

        byte[] all = body.GetBuffer();
        ReadOnlySpan<byte> payload = all.AsSpan(0, (int)length);
        uint stored = BinaryPrimitives.ReadUInt32LittleEndian(all.AsSpan((int)length, 4));
        uint computed = ~Crc32.Append(Crc32.Append(0xFFFFFFFFu, header), payload);
        if (stored != computed)
        {
            throw new InvalidDataException(
                $"The model file is corrupted: its CRC-32 is 0x{stored:X8} but the content gives 0x{computed:X8}.");
        }

        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(header[4..]);
        if (version != Version)
        {
            throw new InvalidDataException($"The model file has format version {version}; this library reads version {Version}.");
        }

        var kind = (ModelKind)BinaryPrimitives.ReadUInt16LittleEndian(header[6..]);
        if (kind != expected)
        {
            throw new InvalidDataException($"The model file holds a model of kind {Describe(kind)}, not {Describe(expected)}.");
        }

        return new ModelReader(payload.ToArray());
    }

    private static string Describe(ModelKind kind) => kind switch
    {
        ModelKind.ImplicitAls => "ImplicitAlsModel",
        ModelKind.Svd => "SvdModel",
        ModelKind.KMeans => "KMeansModel",
        _ => $"#{(ushort)kind} (unknown)",
    };

    private static int ReadFully(Stream source, Span<byte> destination)
    {
        int total = 0;
        while (total < destination.Length)
        {
            int read = source.Read(destination[total..]);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }
}

/// <summary>Accumulates a model's payload, little-endian.</summary>
internal sealed class ModelWriter
{
    private readonly ArrayBufferWriter<byte> _buffer = new();

    /// <summary>Gets the bytes written so far.</summary>
    public ReadOnlySpan<byte> WrittenSpan => _buffer.WrittenSpan;

    /// <summary>Appends a 32-bit integer.</summary>
    public void WriteInt32(int value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, value);
        _buffer.Write(bytes);
    }

    /// <summary>Appends a double.</summary>
    public void WriteDouble(double value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteDoubleLittleEndian(bytes, value);
        _buffer.Write(bytes);
    }

    /// <summary>Appends a float.</summary>
    public void WriteSingle(float value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteSingleLittleEndian(bytes, value);
        _buffer.Write(bytes);
    }

    /// <summary>Appends the floats of <paramref name="values"/> (no length prefix).</summary>
    public void WriteSingles(ReadOnlySpan<float> values)
    {
        if (BitConverter.IsLittleEndian)
        {
            _buffer.Write(MemoryMarshal.AsBytes(values));
            return;
        }

        foreach (float value in values)
        {
            WriteSingle(value);
        }
    }

    /// <summary>Appends the doubles of <paramref name="values"/> (no length prefix).</summary>
    public void WriteDoubles(ReadOnlySpan<double> values)
    {
        foreach (double value in values)
        {
            WriteDouble(value);
        }
    }
}

/// <summary>Reads a model's payload, little-endian, failing with <see cref="InvalidDataException"/> at its end.</summary>
internal sealed class ModelReader
{
    private readonly byte[] _payload;
    private int _position;

    /// <summary>Initializes a reader over <paramref name="payload"/>.</summary>
    public ModelReader(byte[] payload) => _payload = payload;

    /// <summary>Reads a 32-bit integer.</summary>
    public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

    /// <summary>Reads a 32-bit integer and checks that it lies in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public int ReadInt32(string name, int min, int max)
    {
        int value = ReadInt32();
        if (value < min || value > max)
        {
            throw new InvalidDataException($"The model file is invalid: {name} is {value}, outside [{min}, {max}].");
        }

        return value;
    }

    /// <summary>Reads <paramref name="count"/> 32-bit integers, each in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public int[] ReadInt32s(int count, string name, int min, int max)
    {
        if (count < 0 || count > (_payload.Length - _position) / 4)
        {
            throw new InvalidDataException($"The model file is invalid: {name} needs {count} integers but the payload has {(_payload.Length - _position) / 4} left.");
        }

        var values = new int[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = ReadInt32(name, min, max);
        }

        return values;
    }

    /// <summary>Reads a double.</summary>
    public double ReadDouble() => BinaryPrimitives.ReadDoubleLittleEndian(Take(8));

    /// <summary>Reads a float.</summary>
    public float ReadSingle() => BinaryPrimitives.ReadSingleLittleEndian(Take(4));

    /// <summary>Reads <paramref name="count"/> floats and checks that they are finite.</summary>
    public float[] ReadSingles(long count, string name)
    {
        if (count < 0 || count > (_payload.Length - _position) / 4)
        {
            throw new InvalidDataException($"The model file is invalid: {name} needs {count} floats but the payload has {(_payload.Length - _position) / 4} left.");
        }

        var values = new float[count];
        ReadOnlySpan<byte> bytes = Take((int)count * 4);
        if (BitConverter.IsLittleEndian)
        {
            bytes.CopyTo(MemoryMarshal.AsBytes(values.AsSpan()));
        }
        else
        {
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.Slice(4 * i, 4));
            }
        }

        int bad = SimdMath.IndexOfNonFinite(values);
        if (bad >= 0)
        {
            throw new InvalidDataException($"The model file is invalid: {name}[{bad}] is {values[bad]}.");
        }

        return values;
    }

    /// <summary>Reads <paramref name="count"/> doubles and checks that they are finite.</summary>
    public double[] ReadDoubles(int count, string name)
    {
        if (count < 0 || count > (_payload.Length - _position) / 8)
        {
            throw new InvalidDataException($"The model file is invalid: {name} needs {count} doubles but the payload has {(_payload.Length - _position) / 8} left.");
        }

        var values = new double[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = ReadDouble();
            if (!double.IsFinite(values[i]))
            {
                throw new InvalidDataException($"The model file is invalid: {name}[{i}] is {values[i]}.");
            }
        }

        return values;
    }

    /// <summary>Checks that the whole payload was read.</summary>
    /// <summary>Gets the number of unread payload bytes (optional trailing fields are present when it is not 0).</summary>
    public int Remaining => _payload.Length - _position;

    public void End()
    {
        if (_position != _payload.Length)
        {
            throw new InvalidDataException($"The model file is invalid: {_payload.Length - _position} unread bytes follow the model.");
        }
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (_payload.Length - _position < count)
        {
            throw new InvalidDataException($"The model file is invalid: the payload ends after {_payload.Length} bytes, inside a field.");
        }

        ReadOnlySpan<byte> bytes = _payload.AsSpan(_position, count);
        _position += count;
        return bytes;
    }
}
